export const USAGE = `datagenflow — run DataGenFlow pipelines headless, on the same workspace database as VS Code

Usage:
  datagenflow run <pipeline.dgf.json> --seeds <file|folder> [run options] [--out <file.jsonl> [--resume]]
  datagenflow run <pipeline.dgf.json> --seeds <file> --shard <i>/<n> [run options]
                                                  shard i of n (1 ≤ i ≤ n): the units of every seed whose
                                                  index modulo n is i-1, into its own database (default
                                                  .datagenflow/shards/<pipeline>-<i>-of-<n>.db, or --db); the
                                                  same command again continues that shard's job. <i> may be
                                                  $NAME (read from the environment) and take +1 for a
                                                  zero-based index: '$JOB_COMPLETION_INDEX+1/4'
  datagenflow merge <shard.db|folder>… [--into <db>] [--json]
                                                  the shards of one job (same pipeline and seed files) into
                                                  one job of the workspace database (or --into): again later
                                                  adds what is new; reports units and shards still missing,
                                                  which 'resume --job' runs. Exit 0: every unit has a record
                                                  and none failed; 3: some are missing or failed
  datagenflow plan <pipeline.dgf.json> --seeds <file|folder> [run options]
                                                  before paying: units, LLM calls, input/output tokens and
                                                  cost per block, time from earlier jobs; sends nothing
  datagenflow try <pipeline.dgf.json> --seeds <file|folder> [--seed <n>] [run options]
                                                  Try this seed: seed n (default 1) through the pipeline, each
                                                  block's output, time and tokens as it finishes; an error at its
                                                  file:line:col; not a job (kept in .datagenflow/tries, reusing
                                                  stored answers); exit 3 when it failed
  datagenflow rerun --job <id> [run options]      Re-run with changes: the pipeline file as it is now over the
                                                  job's seeds, as a new job that reuses every stored answer
                                                  whose request did not change (--response-cache replay: offline)
  datagenflow cache info | clear                  the workspace's stored answers (.datagenflow/cache/responses):
                                                  their count and size, or delete them all
  datagenflow resume --job <id> [run options]     run the units of a cancelled/interrupted job that have no record
  datagenflow retry --job <id> [run options]      run the failed units of a job again
  datagenflow verify <pipeline.dgf.json> <seeds-file|folder>
  datagenflow jobs [--json]                       jobs with their totals, newest first
  datagenflow export --job <id> [--format <f>] [--status pending|accepted|rejected|failed] --out <file|folder> [--force]
                                                  --format jsonl (default), openai_chat, alpaca, sharegpt, csv,
                                                  parquet, huggingface (--out is then a folder); fields mapped by
                                                  the pipeline's "exports"; records that cannot be mapped are
                                                  listed on stderr (exit 5). An existing --out that is not an
                                                  earlier export is replaced only with --force; the database is
                                                  never replaced
  datagenflow templates [--json]                  the built-in pipeline templates
  datagenflow new <template> [dir]                write a template and its example seeds into dir (default: .)
  datagenflow blocks list [--json]                every block: type, name, category, source, availability
  datagenflow blocks scaffold <Name> [--category <c>]   write a starting custom block and its test
  datagenflow report --job <id> [--json|--html] [--out <file>]
                                                  dataset report: statuses, failure reasons, text lengths in
                                                  tokens, score histograms, exact and near duplicates (also of
                                                  the seeds), refused answers, languages, JSON conformance, cost
  datagenflow compare --job <a> --job <b> [--metric <field>] [--json] [--out <file>]
                                                  two jobs of the same seed file unit by unit: units better or
                                                  worse on the metric (a numeric field; default: the first both
                                                  have), changed outputs diffed, distributions side by side
  datagenflow --help | --version

run options:
  --seeds <file>        seed file: .json (array of {repetitions, metadata}); for multiplier pipelines also a .md
                        file (one document) or a folder of .md files (one document each, sorted by path)
  --db <file>           database (default: datagenflow.databasePath, i.e. .datagenflow/datagenflow.db); an
                        existing file there that is not a DataGenFlow database is refused, never replaced
  --out <file.jsonl>    also write each record to this JSONL file (the job is stored in the database as
                        always); a file that already has content is refused unless --resume is given
  --resume              with --out: continue the job that wrote that file (same pipeline and seeds): run
                        the units without a record, append their lines and any the file lacked
  --base-url <url>      OpenAI-compatible endpoint for the default model (e.g. http://localhost:11434/v1)
  --model <name>        model for the default model (a configured name or the endpoint's model id)
  --concurrency <n>     concurrent units (default: datagenflow.concurrency or 8)
  --timeout <seconds>   request timeout
  --retries <n>         retries after 5xx, timeouts and dropped connections
  --response-cache <m>  off | reuse | replay (default: datagenflow.responseCache, off; rerun: reuse): reuse
                        answers stored by earlier runs for the same request and unit, or (replay) only those,
                        failing a unit whose request has none. Every run stores its answers (size limit:
                        datagenflow.responseCacheMaxMb, default 500, 0 stores none); keys are never stored
  --batch               run (or plan) as a batch job through the provider's Batch API: stage by stage, each
                        LLM block's requests in batch files, at batch prices; waits for the provider (up to
                        datagenflow.batch.completionWindow); killed or Ctrl+C'd, resume --job picks it up
                        (Ctrl+C cancels its running batches). Also per model: "batch": true in datagenflow.models
  --batch-missing <m>   batch | online: requests a batch left unanswered (expired, errors) go into a
                        follow-up batch (default) or are sent online
  --workspace <dir>     folder whose .vscode/settings.json is read (default: current folder)
  --json                plan: the whole plan as one JSON object on stdout;
                        run: the last stdout line is a JSON summary: the job over every run
                        {jobId, status, total, generated, failed, durationMs, usage, thisRun, responseCache} and
                        this run's share in thisRun {generated, failed, skipped, durationMs, usage};
                        responseCache {mode, callsMade, callsReused, savedUsage, savedCost} over every run

Settings come from <workspace>/.vscode/settings.json (datagenflow.*); flags win.
Custom blocks (datagenflow.customBlocksFolder, default .datagenflow/blocks) are loaded by run, resume, retry,
verify and blocks: the CLI trusts the workspace it is pointed at; a broken custom block is a warning.
API keys come from the environment only: DATAGENFLOW_API_KEY_<MODEL NAME> (upper case, non-alphanumerics
as _), then DATAGENFLOW_API_KEY, then OPENAI_API_KEY.
Before run, resume and retry start, each model the pipeline uses is asked once; 5xx answers, timeouts (at most
15 s per attempt) and dropped or refused connections are retried up to 5 attempts with backoff, each wait shown
on stderr; 401/403/404 end it at once. A run that reuses stored answers (rerun, --response-cache reuse) asks
no model up front: each endpoint's first request that misses is its check (a down endpoint stops the job, kept
for resume, exit 1), so a re-run sends only the requests it needs.
While another process (a VS Code window, another run) writes the database, jobs and export read it; run,
resume and retry refuse and say who holds it.

Exit codes:
  0    every unit succeeded (verify: no errors)
  1    could not run: bad pipeline, seeds, settings, database or endpoint (the message says which and where)
  2    usage error
  3    finished, but some units of the job failed (they are stored with their errors)
  4    stopped by a pipeline constraint (tokens or time)
  5    export: some records could not be mapped to the format (listed on stderr; the others were written)
  130  cancelled (Ctrl+C); finished records are kept
`;
