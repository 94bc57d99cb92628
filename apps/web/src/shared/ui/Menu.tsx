import {
  cloneElement,
  createContext,
  useContext,
  useEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
  type ReactElement,
  type ReactNode,
} from 'react';

type RadixMenuModule = typeof import('@radix-ui/react-dropdown-menu');

/**
 * Radix's dropdown menu (with its positioning, focus and scroll-lock code, ~30 KB gzip) is not in
 * the initial JS (issue #32, bench:web): the queue's rows show their Actions buttons at once and
 * the menu code loads when one is first hovered, focused or opened.
 */
let radixMenu: Promise<RadixMenuModule> | undefined;
function loadRadixMenu(): Promise<RadixMenuModule> {
  radixMenu ??= import('@radix-ui/react-dropdown-menu');
  return radixMenu;
}

/** The loaded module, for the items: they only ever render inside an open (so loaded) menu. */
const RadixMenuContext = createContext<RadixMenuModule | null>(null);

function useRadixMenu(): RadixMenuModule {
  const radix = useContext(RadixMenuContext);
  if (!radix) throw new Error('Menu items render inside <Menu>');
  return radix;
}

interface MenuProps {
  /** The button that opens the menu (one element; it gets aria-haspopup and aria-expanded). */
  trigger: ReactElement<TriggerProps>;
  children: ReactNode;
  align?: 'start' | 'center' | 'end';
  side?: 'top' | 'right' | 'bottom' | 'left';
  /** Accessible name of the menu itself, when the trigger's text does not say it. */
  label?: string;
}

interface TriggerProps {
  'aria-haspopup'?: 'menu';
  'aria-expanded'?: boolean;
  onClick?: (event: MouseEvent<HTMLElement>) => void;
  onPointerDown?: (event: PointerEvent<HTMLElement>) => void;
  onKeyDown?: (event: KeyboardEvent<HTMLElement>) => void;
  onPointerEnter?: () => void;
  onFocus?: () => void;
}

/**
 * A dropdown menu of actions or choices (ARIA menu pattern): arrow keys move, typing jumps to an
 * item, Escape closes and focus goes back to the trigger.
 */
export function Menu({ trigger, children, align = 'start', side = 'bottom', label }: MenuProps) {
  const [radix, setRadix] = useState<RadixMenuModule | null>(null);
  const [open, setOpen] = useState(false);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  if (!radix) {
    // Until the menu code is here: the same button, announced as a menu button; opening it loads
    // the code and opens the menu as soon as it arrives.
    const openWhenLoaded = () => {
      void loadRadixMenu().then((module) => {
        if (!mounted.current) return;
        setRadix(module);
        setOpen(true);
      });
    };
    // Radix opens on pointer down (main button, no Ctrl) and on Enter, Space or ArrowDown; so does
    // this stand-in, and on click too (assistive tech may send only a click).
    return cloneElement(trigger, {
      'aria-haspopup': 'menu',
      'aria-expanded': false,
      onPointerDown: (event: PointerEvent<HTMLElement>) => {
        if (event.button === 0 && !event.ctrlKey) openWhenLoaded();
      },
      onClick: openWhenLoaded,
      onKeyDown: (event: KeyboardEvent<HTMLElement>) => {
        if (event.key !== 'Enter' && event.key !== ' ' && event.key !== 'ArrowDown') return;
        event.preventDefault();
        openWhenLoaded();
      },
      onPointerEnter: () => void loadRadixMenu(),
      onFocus: () => void loadRadixMenu(),
    });
  }

  const RadixMenu = radix;
  return (
    <RadixMenuContext.Provider value={radix}>
      <RadixMenu.Root open={open} onOpenChange={setOpen}>
        <RadixMenu.Trigger asChild>{trigger}</RadixMenu.Trigger>
        <RadixMenu.Portal>
          <RadixMenu.Content className="menu" align={align} side={side} sideOffset={6} collisionPadding={8} aria-label={label}>
            {children}
          </RadixMenu.Content>
        </RadixMenu.Portal>
      </RadixMenu.Root>
    </RadixMenuContext.Provider>
  );
}

export function MenuItem({
  children,
  onSelect,
  disabled,
  danger = false,
}: {
  children: ReactNode;
  onSelect: () => void;
  disabled?: boolean;
  danger?: boolean;
}) {
  const RadixMenu = useRadixMenu();
  return (
    <RadixMenu.Item className={`menu-item${danger ? ' menu-item--danger' : ''}`} onSelect={onSelect} disabled={disabled}>
      {children}
    </RadixMenu.Item>
  );
}

export function MenuLabel({ children }: { children: ReactNode }) {
  const RadixMenu = useRadixMenu();
  return <RadixMenu.Label className="menu-label">{children}</RadixMenu.Label>;
}

export function MenuSeparator() {
  const RadixMenu = useRadixMenu();
  return <RadixMenu.Separator className="menu-separator" />;
}

/** One choice among several (menuitemradio): the checked one is marked and announced. */
export function MenuRadioGroup({
  value,
  onValueChange,
  children,
  label,
}: {
  value: string;
  onValueChange: (value: string) => void;
  children: ReactNode;
  label?: string;
}) {
  const RadixMenu = useRadixMenu();
  return (
    <RadixMenu.RadioGroup value={value} onValueChange={onValueChange} aria-label={label}>
      {children}
    </RadixMenu.RadioGroup>
  );
}

export function MenuRadioItem({ value, children }: { value: string; children: ReactNode }) {
  const RadixMenu = useRadixMenu();
  return (
    <RadixMenu.RadioItem className="menu-item menu-item--radio" value={value}>
      <span className="menu-item-check" aria-hidden="true">
        <RadixMenu.ItemIndicator>✓</RadixMenu.ItemIndicator>
      </span>
      {children}
    </RadixMenu.RadioItem>
  );
}
