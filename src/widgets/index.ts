// Generic console widgets: nothing here knows about credentials.
export { bindingFor, bindingHints, formKeys, isKey, listKeys, type Binding, type KeyHint } from './bindings.js';
export { ConfirmDialog, confirmDialogRows, type ConfirmDialogProps } from './ConfirmDialog.js';
export { detailLines, DetailRows, type DetailLine, type DetailRow } from './DetailRows.js';
export { Footer, type FooterProps } from './Footer.js';
export { Form, type FormProps } from './Form.js';
export type {
  BooleanFieldSpec, Choice, ChoiceFieldSpec, FieldMessage, FieldMessages, FormField, FormValue, FormValues,
  MultilineFieldSpec, NumberFieldSpec, SecretFieldSpec, TextFieldSpec,
} from './formTypes.js';
export { HelpOverlay, helpOverlayKeyHints, type HelpOverlayProps, type HelpSection } from './HelpOverlay.js';
export { Inverse } from './Inverse.js';
export { KeyboardProvider, DEFAULT_ESCAPE_DELAY_MS } from './KeyboardProvider.js';
export { plainLetter, type KeyName, type KeyPress } from './keyParser.js';
export { List, listRows, type ListColumn, type ListProps } from './List.js';
export { withListKeys } from './listBindings.js';
export { columnsSearchText, type SearchText } from './listFilter.js';
export { ScrollText, wrapLines, type ScrollLine, type ScrollTextProps } from './ScrollText.js';
export { Spinner } from './Spinner.js';
export { StatusLine, type Status, type StatusKind, type StatusLineProps } from './StatusLine.js';
export { TabBar, type Tab, type TabBarProps } from './TabBar.js';
export { chunkText, displayText, fitText, padText, wrapText } from './text.js';
export { TextLine, WrappedText, type TextLineProps } from './TextLine.js';
export { createTheme, useTheme, ThemeContext, type Theme, type ThemeColors } from './theme.js';
export { useBindings } from './use-bindings.js';
export type { FormBinding } from './use-form-keys.js';
export type { FormFields } from './use-form-state.js';
export { useCaptureKeys, useKeys } from './use-keys.js';
export { useListState, type ListFilter, type ListState, type ListStateOptions } from './use-list-state.js';
export { TYPE_AHEAD_PAUSE_MS, typeAheadIndex, type TypeAheadNames } from './use-type-ahead.js';
export { useTerminalSize, type TerminalSize } from './use-terminal-size.js';
export { WidgetProviders, type WidgetProvidersProps } from './WidgetProviders.js';
export { rowsAboveConfirm, WithConfirmBelow, type WithConfirmBelowProps } from './WithConfirmBelow.js';
