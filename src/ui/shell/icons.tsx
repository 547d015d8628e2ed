/**
 * Small inline SVG icons. Drawn, not typed as symbols: a classroom PC may lack the font for ⏮ or 📬, and
 * an empty box on the projector explains nothing.
 */
const PATHS = {
  restart: 'M5 4h2.5v16H5zM20 4v16L8.5 12z',
  back: 'M17.5 4h2.5v16h-2.5zM16 4v16L4.5 12z',
  play: 'M7 4.5v15L19.5 12z',
  pause: 'M6 4.5h4v15H6zM14 4.5h4v15h-4z',
  step: 'M4 4h2.5v16H4zM8 4v16l11.5-8z',
  replay: 'M12 5V1.5L7 6l5 4.5V7a5 5 0 1 1-5 5H5a7 7 0 1 0 7-7z',
  sun: 'M12 7a5 5 0 1 0 0 10 5 5 0 0 0 0-10zM11 1h2v3h-2zM11 20h2v3h-2zM1 11h3v2H1zM20 11h3v2h-3zM4.2 5.6l1.4-1.4 2.1 2.1-1.4 1.4zM16.3 17.7l1.4-1.4 2.1 2.1-1.4 1.4zM4.2 18.4l2.1-2.1 1.4 1.4-2.1 2.1zM16.3 6.3l2.1-2.1 1.4 1.4-2.1 2.1z',
  moon: 'M20 14.5A8.5 8.5 0 0 1 9.5 4a8.5 8.5 0 1 0 10.5 10.5z',
  mailbox: 'M2.5 13.5 5.5 4h13l3 9.5V20h-19zM5 13.5h4.5a2.5 2.5 0 0 0 5 0H19l-2.2-7.5H7.2z',
  clock: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 2.2a7.8 7.8 0 1 1 0 15.6 7.8 7.8 0 0 1 0-15.6zM11 6h2v5.6l3.6 2.1-1 1.7L11 12.7z',
  bounce: 'M9 5 3 10.5 9 16v-3.5h6a3.5 3.5 0 0 1 0 7h-3V22h3a6 6 0 0 0 0-12H9z',
  forward: 'M3 5l8.5 7L3 19zM12 5l8.5 7L12 19z',
  check: 'M9.5 16.2 4.8 11.5 3 13.3l6.5 6.5L21 8.3l-1.8-1.8z',
  cross: 'M6.4 4.6 12 10.2l5.6-5.6 1.8 1.8-5.6 5.6 5.6 5.6-1.8 1.8-5.6-5.6-5.6 5.6-1.8-1.8 5.6-5.6-5.6-5.6z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 20, className }: { name: IconName; size?: number; className?: string }) {
  return (
    <svg className={className ? `icon ${className}` : 'icon'} width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="currentColor" fillRule="evenodd" />
    </svg>
  );
}
