const KEYS: [string, string][] = [
  ['A', 'accept'],
  ['R', 'reject'],
  ['U', 'pending'],
  ['E', 'edit'],
  ['N', 'next'],
  ['P', 'previous'],
  ['Ctrl+Z', 'undo'],
];

/** The review keys (VS Code keybindings: remap them in Keyboard Shortcuts, "DataGenFlow: Review"). */
export function HintBar(props: { view: 'single' | 'list' }) {
  return (
    <footer className="hint-bar" data-testid="hint-bar">
      {KEYS.map(([key, what]) => (
        <span key={key}>
          <kbd>{key}</kbd> {what}
        </span>
      ))}
      <span className="muted">{props.view === 'list' ? 'Click, Shift+click to select · ' : ''}Keys off while typing or editing · remap in Keyboard Shortcuts</span>
    </footer>
  );
}
