import { useId, useState } from 'react';
import { authPlainLine, base64Utf8, hexBytes, plainMessage, showNuls } from './auth-plain';

/**
 * How a mail client builds AUTH PLAIN: the user and the password joined by NUL bytes (RFC 4616), in
 * base64 (RFC 4954). The learner sees each step and can put the finished line into the console.
 */
export function AuthPlainHelper({ user: initialUser, password: initialPassword, onInsert }: { user: string; password: string; onInsert: (line: string) => void }) {
  const [user, setUser] = useState(initialUser);
  const [password, setPassword] = useState(initialPassword);
  const id = useId();
  const message = plainMessage(user, password);
  const b64 = base64Utf8(message);
  return (
    <div className="mp-con-auth">
      <div className="mp-con-auth-inputs">
        <label htmlFor={`${id}-user`}>User</label>
        <input id={`${id}-user`} value={user} onChange={(e) => setUser(e.target.value)} spellCheck={false} autoComplete="off" />
        <label htmlFor={`${id}-pass`}>Password</label>
        <input id={`${id}-pass`} value={password} onChange={(e) => setPassword(e.target.value)} spellCheck={false} autoComplete="off" />
      </div>
      <ol className="mp-con-auth-steps">
        <li>
          Join them with NUL bytes, an empty authorization identity first (RFC 4616):{' '}
          <code className="mp-con-auth-value">{showNuls(message)}</code>
          <span className="mp-sr-only"> (a NUL byte, the user, a NUL byte, the password)</span>
        </li>
        <li>
          These UTF-8 bytes: <code className="mp-con-auth-value mp-con-auth-hex">{hexBytes(message)}</code>
        </li>
        <li>
          In base64: <code className="mp-con-auth-value">{b64}</code>
        </li>
      </ol>
      <p className="mp-con-auth-note">Base64 is an encoding, not encryption: anyone who sees this line can decode the password. That is why real servers offer AUTH only after STARTTLS.</p>
      <button type="button" onClick={() => onInsert(authPlainLine(user, password))} disabled={user === ''}>
        Put <code>AUTH PLAIN {b64.length > 16 ? `${b64.slice(0, 12)}…` : b64}</code> in the console
      </button>
    </div>
  );
}
