// The screen kit: every screen is built from these (docs/CONVENTIONS.md, "Adding a screen").
export { FormPanel, type FormPanelProps } from './FormPanel.js';
export { PanelStack, RecordScreen, recordScreen, type PanelComponents, type PanelProps, type PanelStackProps, type RecordScreenDefinition, type RecordScreenProps } from './RecordScreen.js';
export { questionDialog, useRecordModes, type Question, type RecordModes } from './use-record-modes.js';
export { useRecordScreen, useShownRecord, type RecordScreenSpec, type RecordScreenState } from './use-record-screen.js';
export { useStoreData, type StoreData, type StoreDataOptions } from './use-store-data.js';
export { useMounted } from './use-mounted.js';
export { userMessage, useTask, type Task, type TaskOptions } from './use-task.js';
export { useTaskQuestion, type TaskQuestion } from './use-task-question.js';
