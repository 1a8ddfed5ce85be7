// The only file that knows about @vscode/webview-ui-toolkit (archived upstream): its web components, registered
// once, behind plain React components with plain callbacks. Swapping the toolkit means rewriting this file only.
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDivider,
  vsCodeDropdown,
  vsCodeOption,
  vsCodeProgressRing,
  vsCodeTextArea,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';
import { type CSSProperties, type ReactNode, type Ref, useEffect, useImperativeHandle, useRef } from 'react';

provideVSCodeDesignSystem().register(
  vsCodeButton(),
  vsCodeCheckbox(),
  vsCodeDivider(),
  vsCodeDropdown(),
  vsCodeOption(),
  vsCodeProgressRing(),
  vsCodeTextArea(),
  vsCodeTextField(),
);

type ElementProps = { className?: string; style?: CSSProperties; title?: string; id?: string; children?: ReactNode; 'data-testid'?: string };
type CustomElementProps = ElementProps & { ref?: React.Ref<HTMLElement>; [attr: string]: unknown };

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'vscode-button': CustomElementProps;
      'vscode-checkbox': CustomElementProps;
      'vscode-divider': CustomElementProps;
      'vscode-dropdown': CustomElementProps;
      'vscode-option': CustomElementProps;
      'vscode-progress-ring': CustomElementProps;
      'vscode-text-area': CustomElementProps;
      'vscode-text-field': CustomElementProps;
    }
  }
}

/** Subscribes to a DOM event of a custom element (React's synthetic events do not cover them reliably). */
function useElementEvent<T extends HTMLElement>(event: string, handler: ((el: T, e: Event) => void) | undefined) {
  const ref = useRef<T>(null);
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const listener = (e: Event) => latest.current?.(el, e);
    el.addEventListener(event, listener);
    return () => el.removeEventListener(event, listener);
  }, [event]);
  return ref;
}

/** Keeps an element's `value` property equal to the controlled value without fighting the user's typing. */
function useValueProperty(ref: React.RefObject<HTMLElement | null>, value: string) {
  useEffect(() => {
    const el = ref.current as (HTMLElement & { value: string }) | null;
    if (el && el.value !== value) el.value = value;
  }, [ref, value]);
}

export function Button(props: ElementProps & { appearance?: 'primary' | 'secondary' | 'icon'; disabled?: boolean; onClick?: () => void; ariaLabel?: string }) {
  const ref = useElementEvent<HTMLElement>('click', () => {
    if (!props.disabled) props.onClick?.();
  });
  return (
    <vscode-button
      ref={ref}
      id={props.id}
      class={props.className}
      style={props.style}
      title={props.title}
      appearance={props.appearance ?? 'primary'}
      aria-label={props.ariaLabel}
      data-testid={props['data-testid']}
      {...(props.disabled ? { disabled: true } : {})}
    >
      {props.children}
    </vscode-button>
  );
}

export function TextField(
  props: ElementProps & { value: string; placeholder?: string; type?: 'text' | 'number' | 'search'; readOnly?: boolean; onInput?: (value: string) => void; onChange?: (value: string) => void; ariaLabel?: string },
) {
  const ref = useElementEvent<HTMLElement & { value: string }>('input', (el) => props.onInput?.(el.value));
  useElementEventOn(ref, 'change', (el) => props.onChange?.((el as HTMLElement & { value: string }).value));
  useValueProperty(ref, props.value);
  return (
    <vscode-text-field
      ref={ref}
      id={props.id}
      class={props.className}
      style={props.style}
      title={props.title}
      placeholder={props.placeholder}
      type={props.type ?? 'text'}
      aria-label={props.ariaLabel}
      data-testid={props['data-testid']}
      {...(props.readOnly ? { readonly: true } : {})}
    >
      {props.children}
    </vscode-text-field>
  );
}

/** The caret of a TextArea, for completion inside it. */
export interface TextAreaHandle {
  /** The caret's offset in the value. */
  caret(): number;
  /** Replaces the value and puts the caret at `caret` (no input or change event). */
  setValue(value: string, caret: number): void;
}

type ToolkitTextArea = HTMLElement & { value: string; control?: HTMLTextAreaElement };

export function TextArea(
  props: ElementProps & {
    value: string;
    rows?: number;
    placeholder?: string;
    resize?: 'none' | 'vertical' | 'both';
    onInput?: (value: string) => void;
    onChange?: (value: string) => void;
    /** Key presses inside the text area; preventDefault() stops the key's own effect (a completion list's Enter). */
    onKeyDown?: (e: KeyboardEvent) => void;
    handle?: Ref<TextAreaHandle>;
    ariaLabel?: string;
  },
) {
  const ref = useElementEvent<ToolkitTextArea>('input', (el) => props.onInput?.(el.value));
  useElementEventOn(ref, 'change', (el) => props.onChange?.(el.value));
  useElementEventOn(ref, 'keydown', (_el, e) => props.onKeyDown?.(e as KeyboardEvent));
  useValueProperty(ref, props.value);
  useImperativeHandle(
    props.handle,
    () => ({
      caret: () => ref.current?.control?.selectionStart ?? ref.current?.value.length ?? 0,
      setValue: (value, caret) => {
        const el = ref.current;
        if (!el) return;
        el.value = value;
        if (el.control) {
          el.control.value = value;
          el.control.focus();
          el.control.setSelectionRange(caret, caret);
        }
      },
    }),
    [ref],
  );
  return (
    <vscode-text-area
      ref={ref}
      id={props.id}
      class={props.className}
      style={props.style}
      title={props.title}
      rows={props.rows ?? 6}
      resize={props.resize ?? 'vertical'}
      placeholder={props.placeholder}
      aria-label={props.ariaLabel}
      data-testid={props['data-testid']}
    >
      {props.children}
    </vscode-text-area>
  );
}

export function Dropdown(props: ElementProps & { value: string; options: { value: string; label?: string }[]; onChange?: (value: string) => void; ariaLabel?: string; disabled?: boolean }) {
  const ref = useElementEvent<HTMLElement & { value: string }>('change', (el) => props.onChange?.(el.value));
  useValueProperty(ref, props.value);
  return (
    <vscode-dropdown ref={ref} id={props.id} class={props.className} style={props.style} title={props.title} aria-label={props.ariaLabel} data-testid={props['data-testid']} {...(props.disabled ? { disabled: true } : {})}>
      {props.options.map((o) => (
        <vscode-option key={o.value} value={o.value} {...(o.value === props.value ? { selected: true } : {})}>
          {o.label ?? o.value}
        </vscode-option>
      ))}
    </vscode-dropdown>
  );
}

export function Checkbox(props: ElementProps & { checked: boolean; onChange?: (checked: boolean) => void; ariaLabel?: string }) {
  const ref = useElementEvent<HTMLElement & { checked: boolean }>('change', (el) => {
    if (el.checked !== props.checked) props.onChange?.(el.checked);
  });
  useEffect(() => {
    const el = ref.current;
    if (el && el.checked !== props.checked) el.checked = props.checked;
  }, [ref, props.checked]);
  return (
    <vscode-checkbox ref={ref} id={props.id} class={props.className} style={props.style} title={props.title} aria-label={props.ariaLabel} data-testid={props['data-testid']}>
      {props.children}
    </vscode-checkbox>
  );
}

// Badge and Tag are plain spans: the toolkit's versions set an inline style attribute, which the strict CSP blocks.
export function Badge(props: ElementProps) {
  return (
    <span className={`dgf-badge${props.className ? ` ${props.className}` : ''}`} style={props.style} title={props.title} data-testid={props['data-testid']}>
      {props.children}
    </span>
  );
}

export function Tag(props: ElementProps) {
  return (
    <span className={`dgf-tag${props.className ? ` ${props.className}` : ''}`} style={props.style} title={props.title} data-testid={props['data-testid']}>
      {props.children}
    </span>
  );
}

export function Divider(props: ElementProps) {
  return <vscode-divider class={props.className} style={props.style} role="separator" />;
}

export function ProgressRing(props: ElementProps) {
  return <vscode-progress-ring class={props.className} style={props.style} title={props.title} />;
}

/** A codicon (bundled font, no network): `<Codicon name="gear" />`. */
export function Codicon(props: { name: string; title?: string; className?: string }) {
  return <span className={`codicon codicon-${props.name}${props.className ? ` ${props.className}` : ''}`} title={props.title} aria-hidden={props.title ? undefined : true} />;
}

function useElementEventOn<T extends HTMLElement>(ref: React.RefObject<T | null>, event: string, handler: (el: T, e: Event) => void) {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const listener = (e: Event) => latest.current(el, e);
    el.addEventListener(event, listener);
    return () => el.removeEventListener(event, listener);
  }, [ref, event]);
}
