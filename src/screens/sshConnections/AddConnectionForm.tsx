import React, { useRef } from 'react';
import { Box } from 'ink';
import { UserError } from '../../common/errors.js';
import { printable } from '../../common/printable.js';
import { addManualConnection, addSemiAutomaticConnection, discoverTrustedHostKeys, type ConnectionAdded } from '../../engine/keychain/connections.js';
import { checkNewKeychainName } from '../../engine/keychain/records.js';
import { addTrueNasConnection, type TrueNasSetupCallbacks } from '../../engine/keychain/trueNasConnection.js';
import { formatRemoteHostKey, type HostKeyConfirmRequest } from '../../engine/ssh/index.js';
import type { OtpRequest, TlsCertificateInfo } from '../../engine/truenas/index.js';
import type { FormValues } from '../../widgets/index.js';
import { FormPanel, useMounted, userMessage, useTaskQuestion } from '../kit/index.js';
import { useScreenKeys } from '../screenContract.js';
import { HostKeyConfirmView, type HostKeysBefore } from './ConnectionPanels.js';
import {
  ADD_CONNECTION_VALUES,
  addConnectionFields,
  connectionMessages,
  formName,
  formTarget,
  manualInput,
  MANUAL,
  refusedField,
  semiAutomaticInput,
  SSH,
  TRUENAS,
  trueNasInput,
} from './connectionForms.js';
import { useKeypairs, type PanelOf } from './connectionScreen.js';
import { addedText, trueNasAddedText, trueNasStepText } from './setupWording.js';
import { OtpCodePanel, TlsCertificateQuestion } from './TrueNasQuestions.js';

/** What a setup under way asks the user; the form is hidden until it is answered. */
type SetupQuestion =
  | { readonly kind: 'host-keys'; readonly request: HostKeyConfirmRequest; readonly before: HostKeysBefore; readonly answer: (yes: boolean) => void }
  | { readonly kind: 'certificate'; readonly certificate: TlsCertificateInfo; readonly origin: string; readonly answer: (yes: boolean) => void }
  | { readonly kind: 'otp'; readonly request: OtpRequest; readonly answer: (code: string) => void };

/**
 * Add SSH connection: the form of the three setup methods, and the setup each runs. The engine
 * decides when to ask (host keys before the admin password leaves, a certificate that does not
 * verify, a one-time code): the question is shown in place of the form while the work waits.
 */
export function AddConnectionForm({ screen, panel, active }: PanelOf<'add'>) {
  const { task, data, modes, list, size } = screen;
  const keypairs = useKeypairs(screen);
  const { asked, ask } = useTaskQuestion<SetupQuestion>();
  /** The spinner's text before a question replaced it on the status line. */
  const spinner = useRef('');
  /** What the user declined to trust in the setup under way: its refusal is their own answer. */
  const declined = useRef<string | null>(null);
  /** False once the form is gone (the store was replaced meanwhile): the outcome moves nothing. */
  const shown = useMounted();
  // The work waits for the answer while it runs, so the question has the keyboard whenever the screen does.
  const answering = screen.active && asked !== undefined;
  useScreenKeys([], answering && asked.kind !== 'otp'); // the yes/no question reads its own keys

  const busy = (text: string) => {
    spinner.current = text;
    task.status.busy(text);
  };
  const askUser = async <A,>(unanswered: A, hint: string, question: (answer: (value: A) => void) => SetupQuestion): Promise<A> => {
    task.status.info(hint);
    try {
      return await ask(unanswered, question);
    } finally {
      task.status.busy(spinner.current);
    }
  };
  /** A yes/no answer, remembering a no as the reason the setup stops. */
  const trusting = (what: string, answer: (yes: boolean) => void) => (yes: boolean) => {
    if (!yes) declined.current = what;
    answer(yes);
  };
  /** Asks whether to trust the host keys; on a yes the spinner says what comes next. */
  const confirmHostKeys = (before: HostKeysBefore, next: string) => async (request: HostKeyConfirmRequest) => {
    const hint = `${request.host}:${request.port} offers ${request.hostKeys.length} host key(s): compare the fingerprints before you go on.`;
    const yes = await askUser(false, hint, (answer) => ({ kind: 'host-keys', request, before, answer: trusting('The host keys were', answer) }));
    if (yes) busy(next);
    return yes;
  };

  const added = (result: ConnectionAdded, text: string, warning?: string) => {
    data.changed();
    if (shown.current) {
      list.selectKey(String(result.connection.id));
      modes.back();
    }
    if (warning) task.status.warning(`${text}. ${warning}`);
    else task.status.success(text);
  };
  /** A refusal that names a field of the form opens the form again with that field focused. */
  const refused = (values: FormValues) => (error: unknown) => {
    if (declined.current) return task.status.info(`${declined.current} not trusted: nothing was sent or stored.`);
    const refusal = shown.current ? refusedField(error, values, keypairs) : undefined;
    if (!refusal) return; // the form is as it was left, or gone
    modes.swap({ kind: 'add', id: Date.now(), initial: refusal.values, focus: refusal.field });
    task.status.error(userMessage(error));
  };
  /** Every setup reaches the network (or makes a key): Esc cancels it, and nothing is stored. */
  const setUp = <T,>(values: FormValues, label: string, work: (signal: AbortSignal) => Promise<T>, done: (result: T) => void) => {
    declined.current = null;
    spinner.current = label;
    task.run(label, work, { done, failed: refused(values), cancellable: true });
  };

  const throughTrueNas = (values: FormValues) => {
    const input = trueNasInput(values);
    let cleartext: string | undefined;
    const callbacks: TrueNasSetupCallbacks = {
      onWarning: (message) => {
        cleartext = message;
        task.status.warning(message);
      },
      onStep: (step) => busy(trueNasStepText(step, input, cleartext !== undefined)),
      confirmTlsCertificate: (certificate, origin) =>
        askUser(false, 'Compare the fingerprint before you trust the certificate.', (answer) => ({
          kind: 'certificate', certificate, origin, answer: trusting('The certificate was', answer),
        })),
      askOtpCode: (request) => askUser('', 'Type the one-time code, or press Esc to give none.', (answer) => ({ kind: 'otp', request, answer })),
    };
    setUp(
      values,
      `Setting up ${input.name} through ${input.url}...`,
      (signal) => addTrueNasConnection(data.store(), input, { ...callbacks, signal }),
      (result) => added(result, trueNasAddedText(result), cleartext),
    );
  };

  const overSsh = (values: FormValues) => {
    const otp = String(values.otp ?? '');
    const onPrompt = async (prompt: string) => {
      if (otp) return otp;
      throw new UserError(`The server asks "${printable(prompt)}" at login: type the code in One-Time Password and set up again.`, { field: 'otp' });
    };
    const target = formTarget(values);
    const confirm = confirmHostKeys('login', `Setting up ${formName(values)}: logging in to ${target} to install the key...`);
    const input = { ...semiAutomaticInput(values, onPrompt), hostKeyTrust: { confirm } };
    setUp(values, `Asking ${target} for its host keys...`, (signal) => addSemiAutomaticConnection(data.store(), { ...input, signal }), (result) =>
      added(result, addedText(result, `key ${result.keyAdded === false ? 'was already installed' : 'installed'}, key login verified`)),
    );
  };

  const manual = (values: FormValues) => {
    const pasted = String(values.remoteHostKey ?? '').trim();
    if (pasted) {
      setUp(values, `Saving ${formName(values)}...`, (signal) => addManualConnection(data.store(), { ...manualInput(values, pasted), signal }), (result) => added(result, addedText(result, 'saved (test it with v)')));
      return;
    }
    // No host keys pasted: the server is asked for them and the user confirms them.
    setUp(values, `Asking ${formTarget(values)} for its host keys...`, async (signal) => {
      checkNewKeychainName(data.store(), formName(values), 'SSH connection');
      const hostKeys = await discoverTrustedHostKeys({ ...manualInput(values, ''), signal }, { confirm: confirmHostKeys('save', `Saving ${formName(values)}...`) });
      return addManualConnection(data.store(), { ...manualInput(values, formatRemoteHostKey(hostKeys)), signal });
    }, (result) => added(result, addedText(result, 'saved with the confirmed host keys (test it with v)')));
  };

  const setups: Record<string, (values: FormValues) => void> = { [TRUENAS]: throughTrueNas, [SSH]: overSsh, [MANUAL]: manual };
  const submit = (values: FormValues) => setups[String(values.method)]?.(values);

  // The form stays mounted under a question, so "back to the form" keeps what was typed.
  return (
    <>
      <Box display={asked ? 'none' : 'flex'} flexDirection="column" width={size.columns} height={size.rows}>
        <FormPanel
          title="Add SSH connection"
          size={size}
          isActive={active && !asked}
          formKeys={{ reveal: true, multiline: true }}
          fields={(values) => addConnectionFields(values, keypairs)}
          initialValues={panel.initial ?? ADD_CONNECTION_VALUES}
          unchangedValues={ADD_CONNECTION_VALUES}
          {...(panel.focus ? { initialFocus: panel.focus } : {})}
          messages={connectionMessages}
          submitLabel={(values) => (values.method === MANUAL ? 'Save' : 'Set up and save')}
          onSubmit={submit}
          onCancel={modes.back}
        />
      </Box>
      {asked ? <SetupQuestionView question={asked} width={size.columns} height={size.rows} isActive={answering} /> : null}
    </>
  );
}

function SetupQuestionView({ question, width, height, isActive }: { question: SetupQuestion; width: number; height: number; isActive: boolean }) {
  if (question.kind === 'otp') return <OtpCodePanel request={question.request} width={width} isActive={isActive} onAnswer={question.answer} />;
  const answer = { width, height, isActive, onAnswer: question.answer };
  if (question.kind === 'certificate') return <TlsCertificateQuestion certificate={question.certificate} origin={question.origin} {...answer} />;
  const { host, port, hostKeys } = question.request;
  return <HostKeyConfirmView target={`${host}:${port}`} hostKeys={hostKeys} before={question.before} {...answer} />;
}
