/** One labelled control of a form: its URL key, label, kind and range. */
export type ControlSpec =
  | {
      key: string;
      label: string;
      kind: 'number';
      min: number;
      max: number;
      step: number;
      value: number;
      hint?: string;
    }
  | {
      key: string;
      label: string;
      kind: 'select';
      options: { value: string; label: string }[];
      value: string;
      hint?: string;
    };

/** Control values by key, as strings (URL form). */
export type ControlValues = Record<string, string>;

let nextId = 0;

/**
 * Builds labelled inputs for `specs` inside `form`, filled from `initial` where given, calling `onChange`
 * with every value after each edit. Returns a getter of the current values and a setter of a select's options.
 */
export function buildControls(
  form: HTMLElement,
  specs: ControlSpec[],
  initial: ControlValues,
  onChange: (values: ControlValues) => void,
) {
  const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
  const values = (): ControlValues =>
    Object.fromEntries([...inputs].map(([key, input]) => [key, input.value]));
  for (const spec of specs) {
    const id = `control-${spec.key.replace(/\W/g, '-')}-${nextId++}`;
    const wrapper = document.createElement('div');
    wrapper.className = 'control';
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = spec.label;
    if (spec.hint) label.title = spec.hint;
    let input: HTMLInputElement | HTMLSelectElement;
    if (spec.kind === 'number') {
      const number = document.createElement('input');
      number.type = 'number';
      number.min = String(spec.min);
      number.max = String(spec.max);
      number.step = String(spec.step);
      const given = Number(initial[spec.key]);
      number.value = String(
        initial[spec.key] !== undefined && Number.isFinite(given)
          ? Math.min(spec.max, Math.max(spec.min, given))
          : spec.value,
      );
      input = number;
    } else {
      const select = document.createElement('select');
      fillOptions(select, spec.options, initial[spec.key] ?? spec.value);
      input = select;
    }
    input.id = id;
    input.name = spec.key;
    input.addEventListener('change', () => onChange(values()));
    inputs.set(spec.key, input);
    wrapper.append(label, input);
    form.append(wrapper);
  }
  return {
    values,
    input: (key: string) => inputs.get(key),
    setOptions(key: string, options: { value: string; label: string }[]) {
      const select = inputs.get(key);
      // A select built before its options were known keeps the value it was asked for (the URL's).
      if (select instanceof HTMLSelectElement)
        fillOptions(
          select,
          options,
          select.options.length > 0 ? select.value : (select.dataset['wanted'] ?? ''),
        );
    },
  };
}

function fillOptions(select: HTMLSelectElement, options: { value: string; label: string }[], chosen: string) {
  select.replaceChildren(
    ...options.map((option) => {
      const element = document.createElement('option');
      element.value = option.value;
      element.textContent = option.label;
      return element;
    }),
  );
  if (options.some((option) => option.value === chosen)) select.value = chosen;
  if (options.length === 0) select.dataset['wanted'] = chosen;
}
