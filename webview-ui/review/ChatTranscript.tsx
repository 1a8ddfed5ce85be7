import type { ChatTurn } from './chatMessages';

/** A conversation field as a transcript: one bubble per turn, the role named and styled, system turns set apart. */
export function ChatTranscript(props: { turns: readonly ChatTurn[]; testId: string }) {
  return (
    <ol className="chat" data-testid={props.testId}>
      {props.turns.map((turn, i) => (
        <li key={i} className={`chat-turn chat-${turn.role}`} data-testid="chat-turn" data-role={turn.role}>
          <div className="chat-role">{turn.role}</div>
          <div className="chat-content">{turn.content}</div>
        </li>
      ))}
    </ol>
  );
}
