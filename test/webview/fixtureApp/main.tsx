// A tiny app that exercises webview-ui/common (messaging, view state, toolkit, codicons, theme) for the harness test.
import '@vscode/codicons/dist/codicon.css';
import '../../../webview-ui/common/theme.css';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { RpcMethod } from '../../../src/shared/rpc';
import { createRpcClient } from '../../../webview-ui/common/rpcClient';
import { Button, Codicon, TextField } from '../../../webview-ui/common/toolkit';
import { useRpcEvent } from '../../../webview-ui/common/useRpcEvent';
import { readBoot, readViewState, writeViewState } from '../../../webview-ui/common/vscodeApi';

type Methods = { double: RpcMethod<{ n: number }, number> };
type Events = { greeting: { text: string } };
const client = createRpcClient<Methods, Events>();

function App() {
  const [greeting, setGreeting] = useState('');
  const [result, setResult] = useState('');
  const [text, setText] = useState(readViewState<{ text: string }>().text ?? '');
  useRpcEvent(client, 'greeting', (p) => setGreeting(p.text));
  const boot = readBoot<{ title: string }>();
  return (
    <div>
      <h1 id="title">{boot?.title}</h1>
      <p id="greeting">{greeting}</p>
      <Codicon name="gear" className="probe-icon" />
      <Button
        data-testid="double"
        onClick={() =>
          client.request('double', { n: 21 }).then(
            (r) => setResult(String(r)),
            (e: Error) => setResult(`error: ${e.message}`),
          )
        }
      >
        Double
      </Button>
      <p id="result">{result}</p>
      <TextField
        data-testid="field"
        value={text}
        onInput={(v) => {
          setText(v);
          writeViewState({ text: v });
        }}
      />
      <p id="echo">{text}</p>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
client.ready();
