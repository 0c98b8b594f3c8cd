// Generic console widgets: nothing here knows about credentials.
export { ConfirmDialog, confirmDialogRows, type ConfirmDialogProps } from './ConfirmDialog.js';
export { Footer, type FooterProps } from './Footer.js';
export { Form, type FormProps } from './Form.js';
export type {
  BooleanFieldSpec, Choice, ChoiceFieldSpec, FieldMessage, FieldMessages, FormField, FormValue, FormValues,
  MultilineFieldSpec, NumberFieldSpec, SecretFieldSpec, TextFieldSpec,
} from './formTypes.js';
export { HelpOverlay, helpOverlayKeyHints, type HelpOverlayProps, type HelpSection } from './HelpOverlay.js';
export { Inverse } from './Inverse.js';
export { KeyboardProvider, DEFAULT_ESCAPE_DELAY_MS } from './KeyboardProvider.js';
export { formKeyHints, formatHints, listKeyHints, type KeyHint } from './keyHints.js';
export { plainLetter, type KeyName, type KeyPress } from './keys.js';
export { List, type ListColumn, type ListProps } from './List.js';
export { Spinner } from './Spinner.js';
export { StatusLine, type Status, type StatusKind, type StatusLineProps } from './StatusLine.js';
export { TabBar, type Tab, type TabBarProps } from './TabBar.js';
export { displayText, fitText, padText, wrapText } from './text.js';
export { createTheme, useTheme, ThemeContext, type Theme } from './theme.js';
export { useCaptureKeys, useKeys } from './use-keys.js';
export { useListState } from './use-list-state.js';
export { useTerminalSize, type TerminalSize } from './use-terminal-size.js';
export { WidgetProviders, type WidgetProvidersProps } from './WidgetProviders.js';
export { WithConfirmBelow, type WithConfirmBelowProps } from './WithConfirmBelow.js';
