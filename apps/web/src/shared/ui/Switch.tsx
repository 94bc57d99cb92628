import * as RadixSwitch from '@radix-ui/react-switch';
import { useId, type ReactNode } from 'react';

interface SwitchProps {
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
  /** Visible label; or leave it out and give `aria-label` (e.g. "Enable @acme on TikTok"). */
  label?: ReactNode;
  'aria-label'?: string;
  /** Ids of elements that explain the switch (hint, consequences). */
  'aria-describedby'?: string;
  disabled?: boolean;
  id?: string;
  name?: string;
}

/** An on/off control (role="switch"): Space or Enter toggles it. */
export function Switch({ checked, onCheckedChange, label, disabled, id, name, ...aria }: SwitchProps) {
  const autoId = useId();
  const controlId = id ?? autoId;
  const control = (
    <RadixSwitch.Root
      id={controlId}
      name={name}
      className="switch"
      checked={checked}
      onCheckedChange={onCheckedChange}
      disabled={disabled}
      aria-label={aria['aria-label']}
      aria-describedby={aria['aria-describedby']}
    >
      <RadixSwitch.Thumb className="switch-thumb" />
    </RadixSwitch.Root>
  );
  if (!label) return control;
  return (
    <span className="switch-field">
      {control}
      <label htmlFor={controlId} className="switch-label">
        {label}
      </label>
    </span>
  );
}
