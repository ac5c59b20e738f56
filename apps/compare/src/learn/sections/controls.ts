/** Labelled, keyboard-usable form controls for the Learn sections (native inputs, visible values). */

let nextControlId = 0;

/** A page-unique id for a control. */
function controlId(name: string): string {
  nextControlId += 1;
  return `learn-${name}-${nextControlId}`;
}

function controlRow(parent: HTMLElement, labelText: string, id: string): HTMLDivElement {
  const row = document.createElement('div');
  row.className = 'learn-control';
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = labelText;
  row.append(label);
  parent.append(row);
  return row;
}

export interface RangeOptions {
  label: string;
  min: number;
  max: number;
  step: number;
  value: number;
  /** How the current value is shown beside the slider (and read by screen readers). */
  format?: (value: number) => string;
  onInput: (value: number) => void;
}

export interface RangeControl {
  input: HTMLInputElement;
  value(): number;
  /** Moves the slider without calling `onInput`. */
  set(value: number): void;
}

/** `<label>` + `<input type="range">` + `<output>` showing the value. */
export function rangeControl(parent: HTMLElement, options: RangeOptions): RangeControl {
  const id = controlId('range');
  const row = controlRow(parent, options.label, id);
  const input = document.createElement('input');
  Object.assign(input, { type: 'range', id, min: String(options.min), max: String(options.max) });
  input.step = String(options.step);
  input.value = String(options.value);
  const output = document.createElement('output');
  output.htmlFor.add(id);
  output.className = 'learn-value';
  const format = options.format ?? ((value: number) => String(value));
  const show = () => {
    const text = format(Number(input.value));
    output.textContent = text;
    input.setAttribute('aria-valuetext', text);
  };
  show();
  input.addEventListener('input', () => {
    show();
    options.onInput(Number(input.value));
  });
  row.append(input, output);
  return {
    input,
    value: () => Number(input.value),
    set: (value) => {
      input.value = String(value);
      show();
    },
  };
}

export interface SelectOptions<V extends string> {
  label: string;
  options: readonly { value: V; text: string }[];
  value: V;
  onChange: (value: V) => void;
}

/** `<label>` + `<select>`. */
export function selectControl<V extends string>(
  parent: HTMLElement,
  options: SelectOptions<V>,
): HTMLSelectElement {
  const id = controlId('select');
  const row = controlRow(parent, options.label, id);
  const select = document.createElement('select');
  select.id = id;
  for (const option of options.options) select.append(new Option(option.text, option.value));
  select.value = options.value;
  select.addEventListener('change', () => options.onChange(select.value as V));
  row.append(select);
  return select;
}

/** A `<button type="button">`. */
export function buttonControl(parent: HTMLElement, text: string, onClick: () => void): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'learn-button';
  button.textContent = text;
  button.addEventListener('click', onClick);
  parent.append(button);
  return button;
}
