import { useId } from 'react';
import { scenarios } from '../../scenarios';

/** Every preset scenario, by title and id. */
export function ScenarioPicker({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const id = useId();
  const known = scenarios.some((s) => s.id === value);
  return (
    <div className="picker">
      <label htmlFor={id}>Scenario</label>
      <select id={id} value={known ? value : ''} onChange={(e) => onChange(e.target.value)}>
        {!known && (
          <option value="" disabled>
            (custom scenario)
          </option>
        )}
        {scenarios.map((s) => (
          <option key={s.id} value={s.id}>
            {s.title} · {s.id}
          </option>
        ))}
      </select>
    </div>
  );
}
