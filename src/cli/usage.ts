export const USAGE = `datagenflow — run DataGenFlow pipelines headless

Usage:
  datagenflow run <pipeline.dgf.json> --seeds <file> [options]
  datagenflow verify <pipeline.dgf.json> <seeds-file>
  datagenflow --help | --version

run options:
  --seeds <file>        seed file: .json (array of {repetitions, metadata}) or .md (multiplier pipelines)
  --out <file.jsonl>    where records go (default .datagenflow/runs/<pipeline>-<job>.jsonl)
  --resume              skip units already succeeded in --out, append the rest
  --base-url <url>      OpenAI-compatible endpoint for the default model (e.g. http://localhost:11434/v1)
  --model <name>        model for the default model (a configured name or the endpoint's model id)
  --concurrency <n>     concurrent units (default: datagenflow.concurrency or 8)
  --timeout <seconds>   request timeout
  --retries <n>         retries after 5xx, timeouts and dropped connections
  --workspace <dir>     folder whose .vscode/settings.json is read (default: current folder)
  --json                the last stdout line is a JSON summary
                        {jobId, status, total, generated, failed, durationMs, usage}

Settings come from <workspace>/.vscode/settings.json (datagenflow.*); flags win.
API keys come from the environment only: DATAGENFLOW_API_KEY_<MODEL NAME> (upper case, non-alphanumerics
as _), then DATAGENFLOW_API_KEY, then OPENAI_API_KEY.

Exit codes:
  0    every unit succeeded (verify: no errors)
  1    could not run: bad pipeline, seeds, settings or endpoint (the message says which and where)
  2    usage error
  3    finished, but some units failed (they are in the output with their errors)
  4    stopped by a pipeline constraint (tokens or time)
  130  cancelled (Ctrl+C); finished records are kept
`;
