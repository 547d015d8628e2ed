import { Icon } from './icons';
import { setTheme, useTheme } from './theme';

export function ThemeToggle() {
  const theme = useTheme();
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="shell-btn theme-toggle"
      onClick={() => setTheme(next)}
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
    >
      <Icon name={theme === 'dark' ? 'sun' : 'moon'} size={18} />
      <span>{theme === 'dark' ? 'Light' : 'Dark'}</span>
    </button>
  );
}
