import { ChatTranscript } from './ChatTranscript';
import { asChatMessages } from './chatMessages';
import { valueText } from './format';

/** One output field: its name, and its value: a conversation as a transcript, strings as written, anything else as JSON. */
export function FieldValue(props: { name: string; value: unknown; size: 'primary' | 'secondary'; edited?: boolean }) {
  const chat = asChatMessages(props.value);
  return (
    <div className={`field field-${props.size}`} data-testid={`field-${props.name}`}>
      <div className="field-name">
        {props.name}
        {chat && <span className="muted"> · {chat.length} turns</span>}
        {props.edited && <span className="edited-mark"> · edited</span>}
      </div>
      {chat ? (
        <ChatTranscript turns={chat} testId={`chat-${props.name}`} />
      ) : (
        <div className={`field-value${typeof props.value === 'string' ? '' : ' mono'}`}>{valueText(props.value)}</div>
      )}
    </div>
  );
}
