import type { GoalStep } from '../../world/exercise-check';
import { SEED_SESSION, seedSession } from '../presets/seed-basic';
import { SEED_HEADERS_SESSION } from '../presets/seed-headers';
import type { Exercise, Question } from './types';

export type { Exercise, ExerciseShow, ExerciseTarget, ModelAnswer, Question } from './types';

const SEED_MX = { host: 'mailserver.mydomain.com', port: 25, from: 'gandalf' } as const;
const ALICE_MSA = { host: 'smtp.sender.example', port: 587, from: 'learner-pc' } as const;
const BOB_MX = { host: 'mx.recipient.example', port: 25, from: 'learner-pc' } as const;

/** The minimal-message model answer is the seed article's own session. */
export { SEED_SESSION };

/** base64("\0alice@sender.example\0wonderland"): RFC 4616's message, authzid empty. */
const ALICE_PLAIN = 'AGFsaWNlQHNlbmRlci5leGFtcGxlAHdvbmRlcmxhbmQ=';

/**
 * Alice's mail client, by hand: EHLO, AUTH PLAIN as alice@sender.example, MAIL FROM her own address,
 * one RCPT TO, then DATA, `data`, the lone dot and QUIT.
 */
const aliceSubmits = (to: string, ...data: readonly string[]): readonly string[] => [
  'EHLO learner-pc',
  `AUTH PLAIN ${ALICE_PLAIN}`,
  'MAIL FROM:<alice@sender.example>',
  `RCPT TO:<${to}>`,
  'DATA',
  ...data,
  '.',
  'QUIT',
];

/** Options that read as what they are: host names, status codes. */
const named = (...ids: readonly string[]): Question['options'] => ids.map((id) => ({ id, label: id }));

/** A step that holds once the learner has chosen `correct` for `question`. */
const answered = (label: string, question: string, correct: string): GoalStep => ({ label, when: { kind: 'answer', question, correct } });

const RECEIVED_HOSTS = named('alice-laptop', 'smtp.sender.example', 'mta.sender.example', 'mx.recipient.example');

const receivedQuestion = (n: number, where: string): Question => ({
  id: `received-${n}`,
  prompt: `Received field ${n} (${where}): which host added it?`,
  options: RECEIVED_HOSTS,
  explanation:
    'Each server adds its Received: field on top of the others, so they read newest first. The host after "by" wrote the field; the host after "from" is the one it heard from.',
});

/** The step that goes with receivedQuestion(n). */
const receivedStep = (n: number, correct: string): GoalStep => answered(`Received field ${n}: who added it?`, `received-${n}`, correct);

export const exercises: readonly Exercise[] = [
  {
    id: 'minimal-message',
    title: 'Send a minimal message',
    scenario: 'seed-basic',
    consoleOnly: true,
    target: SEED_MX,
    task: 'From gandalf, connect to port 25 of mailserver.mydomain.com and send pleclercq@mydomain.com a message, typing the SMTP commands yourself, as in the article.',
    steps: [
      { label: 'The server accepts your message (250 after the lone dot)', when: { kind: 'accepted' } },
      { label: 'It reaches the mailbox of pleclercq@mydomain.com', when: { kind: 'delivered', mailbox: 'pleclercq@mydomain.com' } },
    ],
    hints: [
      'Five commands do it: HELO, MAIL FROM, RCPT TO, DATA and QUIT. Type one, read the reply, then the next.',
      'Introduce yourself with HELO gandalf. The sender is yours to choose, for example MAIL FROM:<plc@gandalf>.',
      'After DATA the server answers 354: type the text, then a line holding only a dot.',
    ],
    lesson: 'That is the core of SMTP: MAIL FROM and RCPT TO write the envelope the servers route by, DATA carries the message itself.',
    model: { lines: SEED_SESSION, note: 'HELO opens the session, MAIL FROM and RCPT TO write the envelope, DATA carries the text up to the lone dot, QUIT says goodbye.' },
  },
  {
    id: 'headers',
    title: 'Add From, To and Subject',
    scenario: 'seed-headers',
    consoleOnly: true,
    target: SEED_MX,
    task: 'A message sent with only the envelope shows up in a graphical client with no sender, no recipient and no subject. Send pleclercq one that carries From:, To: and Subject: header fields, so the client can show them.',
    steps: [
      { label: 'The server accepts your message', when: { kind: 'accepted' } },
      {
        label: 'The stored message has From:, To: and Subject: fields',
        when: { kind: 'delivered', mailbox: 'pleclercq@mydomain.com', headers: ['From', 'To', 'Subject'] },
      },
    ],
    hints: [
      'The header fields are part of the data: type them right after the 354, one per line, as "Name: value".',
      'End the header fields with an empty line, then write the text.',
      'MAIL FROM and RCPT TO are the envelope the servers route by; From: and To: are what the reader sees. They need not agree.',
    ],
    lesson: 'The header fields are part of the message, written by the client. The servers route by the envelope and only add their own trace fields (Received:, Return-Path:).',
    model: {
      lines: SEED_HEADERS_SESSION,
      note: 'The three fields open the data, an empty line separates them from the text. The servers never read them; the mail client does.',
    },
    show: { mailbox: 'pleclercq@mydomain.com', view: 'client' },
  },
  {
    id: 'recover-503',
    title: 'Recover from 503 bad sequence',
    scenario: 'seed-basic',
    consoleOnly: true,
    target: SEED_MX,
    task: 'SMTP commands have an order. Send one too early (RCPT TO before MAIL FROM, or DATA before any RCPT TO) and meet 503. Read what the code means, then put the session back on track and get a message accepted in the same connection.',
    steps: [
      { label: 'Meet 503 "bad sequence of commands"', when: { kind: 'reply', code: 503 } },
      { label: 'Recover: in the same session, get a message accepted', when: { kind: 'recovered', code: 503 } },
    ],
    hints: [
      'After HELO, try RCPT TO:<pleclercq@mydomain.com> straight away.',
      'Click the 503 in the console to read what it means and what to do next.',
      'A 503 changes nothing on the server: send the missing MAIL FROM, then RCPT TO, DATA, the text and the lone dot.',
    ],
    lesson: '503 means "not now": the command is fine but out of order. The server stays where it was, so you send the missing command and go on.',
    model: {
      lines: [
        'HELO gandalf',
        'RCPT TO:<pleclercq@mydomain.com>',
        'MAIL FROM:<plc@gandalf>',
        'RCPT TO:<pleclercq@mydomain.com>',
        'DATA',
        'Sent after a 503, in the same session.',
        '.',
        'QUIT',
      ],
      note: 'RCPT before MAIL draws "503 5.5.1 Error: need MAIL command". The session stays open and in the same state, so MAIL FROM and the rest carry on normally.',
    },
  },
  {
    id: 'dot-stuffing',
    title: 'Send a line that is a single dot',
    scenario: 'seed-basic',
    consoleOnly: true,
    target: SEED_MX,
    task: 'A line holding only "." ends the data. Send pleclercq a message in which one line of the text is exactly a single dot, as the recipient will read it.',
    steps: [
      { label: 'The server accepts your message', when: { kind: 'accepted' } },
      { label: 'One line of the stored text is exactly "."', when: { kind: 'delivered', mailbox: 'pleclercq@mydomain.com', bodyLine: '.' } },
    ],
    hints: [
      'The server removes one leading dot from every data line that starts with a dot (RFC 5321 §4.5.2).',
      'So to deliver ".", send "..": the server strips the first dot and keeps the second.',
      'A mail client does this for you ("dot-stuffing"); in telnet it is your job.',
    ],
    lesson: 'A lone dot ends the data, so every line that starts with a dot travels with one more; the server removes it (RFC 5321 §4.5.2). Mail clients do this for you.',
    model: {
      lines: seedSession('Subject: A single dot', '', 'The next line is a single dot:', '..', 'and the message goes on after it.'),
      note: '".." arrives as "." because the server un-stuffs one dot; the final lone "." still ends the data.',
    },
  },
  {
    id: 'auth-plain',
    title: 'Authenticate at the MSA with AUTH PLAIN',
    scenario: 'two-providers',
    consoleOnly: true,
    target: ALICE_MSA,
    task: 'Be Alice\'s mail client: connect to her provider\'s submission server on port 587, log in as alice@sender.example (password wonderland) with AUTH PLAIN, and submit a message to bob@recipient.example.',
    steps: [
      { label: 'Authenticate with AUTH PLAIN (235)', when: { kind: 'authenticated', mechanism: 'PLAIN', port: 587 } },
      { label: 'Submit a message after authenticating (250 queued)', when: { kind: 'accepted', port: 587, afterAuth: true } },
      { label: 'It reaches bob@recipient.example', when: { kind: 'delivered', mailbox: 'bob@recipient.example' } },
    ],
    hints: [
      'Start with EHLO: the reply lists the extensions, among them AUTH PLAIN LOGIN. Try MAIL FROM first, and meet 530.',
      'AUTH PLAIN takes one base64 argument: "\\0user\\0password". The AUTH PLAIN helper under the console builds it.',
      'The MSA lets you send only as an address you own: MAIL FROM:<alice@sender.example>.',
    ],
    lesson: 'A submission server (587) wants AUTH before MAIL FROM. AUTH PLAIN is base64 of \\0user\\0password: encoded, not encrypted, which is why real servers require TLS first.',
    model: {
      lines: aliceSubmits(
        'bob@recipient.example',
        'From: Alice Martin <alice@sender.example>',
        'To: Bob Dupont <bob@recipient.example>',
        'Subject: Submitted by hand',
        '',
        'Hi Bob, I typed this one myself.',
      ),
      note: 'The base64 is of "\\0alice@sender.example\\0wonderland" (an empty authorization identity, then the user and the password). The MSA answers 235, accepts the message, adds Date and Message-ID, and relays it to the MTA.',
    },
  },
  {
    id: 'relay-denied',
    title: 'Meet relay denied, and say why',
    scenario: 'relay-denied',
    consoleOnly: true,
    target: SEED_MX,
    task: 'Connect to port 25 of mailserver.mydomain.com and ask it to carry a message to someone at elsewhere.example. Read its refusal, then say why it refused.',
    steps: [
      { label: 'Meet 554 5.7.1 Relay access denied at RCPT TO', when: { kind: 'reply', code: 554, dsn: '5.7.1', verb: 'RCPT' } },
      answered('Say why it happened', 'why', 'not-my-domain'),
    ],
    questions: [
      {
        id: 'why',
        prompt: 'Why did mailserver.mydomain.com refuse the recipient?',
        options: [
          { id: 'unknown-user', label: 'The mailbox does not exist at elsewhere.example.' },
          {
            id: 'not-my-domain',
            label: 'It is the MX of mydomain.com only, and you are neither a trusted host nor authenticated, so it will not carry mail on to another domain.',
          },
          { id: 'forged-sender', label: 'Your MAIL FROM address is forged.' },
          { id: 'no-mx', label: 'elsewhere.example has no MX record.' },
        ],
        explanation:
          'An MX takes mail for its own domains. Carrying mail on to other domains is relaying, which a server does only for its own users: trusted hosts, or clients that authenticated on 587. A server that relays for anyone is an open relay, and spammers find those within hours.',
      },
    ],
    hints: [
      'After EHLO and MAIL FROM, try RCPT TO:<someone@elsewhere.example>.',
      'Click the 554 to read its explanation. Which domains is this server the MX of?',
      'The server never looked up elsewhere.example and never asked whether the mailbox exists: it refused before that.',
    ],
    lesson: 'An MX takes mail only for its own domains, unless the client is trusted or authenticated. Refusing everything else is what keeps it from being an open relay.',
    model: {
      lines: ['EHLO gandalf', 'MAIL FROM:<plc@gandalf>', 'RCPT TO:<victim@elsewhere.example>', 'QUIT'],
      answers: { why: 'not-my-domain' },
      note: 'The recipient\'s domain is not one of the server\'s, and the client is neither in its trusted networks nor authenticated: 554 5.7.1.',
    },
  },
  {
    id: 'two-recipients',
    title: 'Two recipients, one of them unknown',
    scenario: 'seed-basic',
    consoleOnly: true,
    target: SEED_MX,
    task: 'In one transaction, name two recipients at mydomain.com: pleclercq, who exists, and someone who does not. See that each RCPT TO gets its own verdict, and that the message still goes to the one who exists.',
    steps: [
      { label: 'One RCPT TO accepted (250), one refused (550), and the message accepted', when: { kind: 'mixedRecipients' } },
      { label: 'It reaches pleclercq@mydomain.com', when: { kind: 'delivered', mailbox: 'pleclercq@mydomain.com' } },
    ],
    hints: [
      'After MAIL FROM, send RCPT TO twice: once for pleclercq@mydomain.com, once for a made-up name at mydomain.com.',
      'The refused recipient is simply left out: DATA is accepted as long as one recipient was.',
      'Click the 550 to read why: 5.1.1 is "bad destination mailbox".',
    ],
    lesson: 'Each recipient gets its own verdict. The message goes to those accepted, and the client learns about the others at once, before sending any data.',
    model: {
      lines: [
        'HELO gandalf',
        'MAIL FROM:<plc@gandalf>',
        'RCPT TO:<pleclercq@mydomain.com>',
        'RCPT TO:<nobody@mydomain.com>',
        'DATA',
        'One of you will get this.',
        '.',
        'QUIT',
      ],
      note: 'Each RCPT TO is judged alone: 250 for pleclercq, 550 5.1.1 for nobody. The message is accepted for the recipients that were.',
    },
  },
  {
    id: 'bounce',
    title: 'Make a message bounce, and read the DSN',
    scenario: 'two-providers',
    consoleOnly: true,
    target: ALICE_MSA,
    task: 'As Alice (AUTH PLAIN, password wonderland), submit a message to an address that does not exist at recipient.example. Her MSA accepts it, but the MTA learns the truth from the remote server and must tell her. Find the bounce in alice@sender.example\'s mailbox and read it.',
    steps: [
      { label: 'A delivery status notification reaches alice@sender.example', when: { kind: 'bounced', dsnTo: 'alice@sender.example' } },
      answered('Read the DSN: which machine wrote it?', 'reporter', 'mta.sender.example'),
      answered('Read the DSN: what Status does it give?', 'status', '5.1.1'),
    ],
    questions: [
      {
        id: 'reporter',
        prompt: 'Which machine wrote the bounce (its Reporting-MTA)?',
        options: named('mx.recipient.example', 'mta.sender.example', 'smtp.sender.example', 'alice-laptop'),
        explanation:
          'The remote MX only said 550 during the SMTP dialog. The MTA that held the message, Alice\'s own, turned that refusal into a DSN (RFC 3464) and sent it to the envelope sender, with the null sender <> so that a bounce can never bounce.',
      },
      {
        id: 'status',
        prompt: 'What Status does the DSN give for the failed recipient?',
        options: named('2.0.0', '4.7.1', '5.1.1', '5.7.1'),
        explanation: '5.1.1 is RFC 3463\'s "bad destination mailbox address": permanent (5), addressing (1), the mailbox does not exist (1).',
      },
    ],
    hints: [
      'Connect to the MSA, EHLO, authenticate (the AUTH PLAIN helper builds the line), then MAIL FROM:<alice@sender.example>.',
      'RCPT TO:<nobody@recipient.example>: the MSA says 250, because it does not know who exists at another provider.',
      'After the lone dot the message travels on and comes back as a bounce; it is shown below, or open alice\'s mailbox in the Mailboxes tab.',
    ],
    lesson: 'When a refusal comes after the message was accepted upstream, the MTA that held it writes a DSN to the envelope sender, from the null sender <> so that a bounce never bounces.',
    model: {
      lines: aliceSubmits('nobody@recipient.example', 'Subject: Is this your address?', '', 'Hello?'),
      answers: { reporter: 'mta.sender.example', status: '5.1.1' },
      note: 'mx.recipient.example refuses nobody@ with 550 5.1.1 at RCPT TO. Alice\'s MTA writes the DSN and delivers it to her mailbox.',
    },
    show: { mailbox: 'alice@sender.example', view: 'dsn' },
  },
  {
    id: 'received-headers',
    title: 'Who added each Received header?',
    scenario: 'two-providers',
    consoleOnly: false,
    task: 'Press Play and let Alice\'s message travel to Bob. Then read the Received: fields at the top of the message in Bob\'s mailbox, and say which host added each one.',
    steps: [
      { label: 'Alice\'s message reaches Bob (press Play)', when: { kind: 'delivered', mailbox: 'bob@recipient.example', minReceived: 4 } },
      receivedStep(1, 'mx.recipient.example'),
      receivedStep(2, 'mx.recipient.example'),
      receivedStep(3, 'mta.sender.example'),
      receivedStep(4, 'smtp.sender.example'),
    ],
    questions: [
      receivedQuestion(1, 'the top one'),
      receivedQuestion(2, 'the second'),
      receivedQuestion(3, 'the third'),
      receivedQuestion(4, 'the bottom one'),
    ],
    hints: [
      'Each hop adds its field on top: the top one is the last hop, the bottom one the first.',
      'Read the word after "by": that host wrote the field. The word after "from" is who it heard from.',
      'One host can add two fields: mx.recipient.example is both the MX (with ESMTP) and the MDA (with LMTP).',
    ],
    lesson: 'Received: fields stack up newest first and "by" names the host that wrote each one: read bottom-up, they retrace the journey.',
    model: {
      play: true,
      answers: { 'received-1': 'mx.recipient.example', 'received-2': 'mx.recipient.example', 'received-3': 'mta.sender.example', 'received-4': 'smtp.sender.example' },
      note: 'Bottom to top: the MSA smtp.sender.example heard from alice-laptop, the MTA from the MSA, the MX from the MTA, and last the MDA (LMTP, on the same host as the MX).',
    },
    show: { mailbox: 'bob@recipient.example', view: 'received' },
  },
  {
    id: 'spoof-display-name',
    title: 'Spoof a display name',
    scenario: 'two-providers',
    consoleOnly: true,
    target: BOB_MX,
    task: 'Connect straight to Bob\'s MX and send him a message whose From: shows Alice\'s name with an address that is not hers. Then see what Bob\'s mail client shows, and where the truth still shows.',
    steps: [
      {
        label: 'Bob receives a message whose From: shows Alice\'s name with another address',
        when: { kind: 'delivered', mailbox: 'bob@recipient.example', fromName: 'alice', fromAddressNot: 'alice@sender.example' },
      },
      answered('Say what Bob\'s client shows', 'sees', 'name'),
      answered('Say where the truth shows', 'truth', 'trace'),
    ],
    questions: [
      {
        id: 'sees',
        prompt: 'In his list of messages, what does Bob\'s graphical mail client show as the sender?',
        options: [
          { id: 'name', label: 'Alice Martin: the display name, as if Alice had written' },
          { id: 'envelope', label: 'The MAIL FROM address you typed' },
          { id: 'ip', label: 'Your machine\'s IP address' },
          { id: 'warning', label: 'A warning that the sender is forged' },
        ],
        explanation:
          'The display name is free text that the sender writes. Many clients show only the name, so "Alice Martin <anything@anywhere>" reads as Alice. This is why phishing puts a familiar name in front of a foreign address.',
      },
      {
        id: 'truth',
        prompt: 'Where can Bob find out where the message really came from?',
        options: [
          { id: 'trace', label: 'In Return-Path and the Received: fields: your envelope sender, your machine\'s name and IP' },
          { id: 'subject', label: 'In the Subject' },
          { id: 'display', label: 'In the display name' },
          { id: 'nowhere', label: 'Nowhere: the message cannot be told apart from Alice\'s' },
        ],
        explanation:
          'Return-Path keeps the envelope sender and each server\'s Received: field names the host it heard from. Those are written by the servers, not by you. (SPF, DKIM and DMARC build on them to flag such mail.)',
      },
    ],
    hints: [
      'The MX of recipient.example takes mail for bob@recipient.example from anyone: no AUTH needed.',
      'In the data, write the From: field with a display name before the address: From: Alice Martin <someone@elsewhere.example>.',
      'Compare what the client view below shows with Return-Path and the Received: fields of the stored message.',
    ],
    lesson: 'Nothing in SMTP checks the From: field or its display name. The fields the servers write (Received:, Return-Path:) still tell where the mail came from.',
    model: {
      lines: [
        'EHLO learner-pc',
        'MAIL FROM:<mallory@evil.example>',
        'RCPT TO:<bob@recipient.example>',
        'DATA',
        'From: Alice Martin <mallory@evil.example>',
        'To: Bob Dupont <bob@recipient.example>',
        'Subject: Lunch moved to the new place',
        '',
        'Bob, please use the link in my next mail.',
        '.',
        'QUIT',
      ],
      answers: { sees: 'name', truth: 'trace' },
      note: 'Nothing in SMTP checks the From: field. The client shows "Alice Martin"; the Received: field still says the message came from learner-pc.',
    },
    show: { mailbox: 'bob@recipient.example', view: 'client' },
  },
  {
    id: 'lmtp',
    title: 'Talk LMTP to the MDA',
    scenario: 'seed-basic',
    consoleOnly: true,
    target: { host: 'mailserver.mydomain.com', port: 24, from: 'mailserver.mydomain.com' },
    task: 'Do what the MX does after it accepts a message: connect to the mail store (the MDA) over LMTP on port 24 and put a message straight into pleclercq\'s mailbox.',
    steps: [
      { label: 'Greet the MDA the LMTP way (250 to LHLO)', when: { kind: 'reply', code: 250, verb: 'LHLO', port: 24 } },
      { label: 'Store a message (250 ... Saved after the lone dot)', when: { kind: 'accepted', port: 24 } },
    ],
    hints: [
      'Try HELO first and read the reply: LMTP (RFC 2033) has no HELO or EHLO.',
      'Greet with LHLO, then MAIL FROM, RCPT TO and DATA as in SMTP.',
      'After the lone dot an LMTP server answers once per recipient: it says whether each mailbox got the message.',
    ],
    lesson: 'LMTP is SMTP for the last step into the mailbox: LHLO instead of EHLO, no queue, and one reply per recipient after the dot.',
    model: {
      lines: ['LHLO mailserver.mydomain.com', 'MAIL FROM:<plc@gandalf>', 'RCPT TO:<pleclercq@mydomain.com>', 'DATA', 'Straight into the mailbox.', '.', 'QUIT'],
      note: 'LHLO replaces EHLO. The final reply comes per recipient, "250 2.0.0 <pleclercq@mydomain.com> ... Saved": the MDA has stored it, nothing is queued.',
    },
  },
];

export function findExercise(id: string): Exercise | undefined {
  return exercises.find((e) => e.id === id);
}
