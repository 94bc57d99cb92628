import { useState } from 'react';

interface AccountAvatarProps {
  url: string | null;
  /** Display name or handle: the initials shown when there is no picture or it does not load. */
  name: string;
}

function initialsOf(name: string): string {
  const words = name
    .replace(/^@/, '')
    .split(/[\s._-]+/)
    .filter(Boolean);
  const initials = words.length > 1 ? `${words[0]?.[0] ?? ''}${words[1]?.[0] ?? ''}` : (words[0]?.slice(0, 2) ?? '');
  return initials.toUpperCase() || '?';
}

/** Decorative: the card names the account in text next to it. */
export function AccountAvatar({ url, name }: AccountAvatarProps) {
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  if (url && url !== failedUrl) {
    return <img className="avatar" src={url} alt="" width={48} height={48} loading="lazy" referrerPolicy="no-referrer" onError={() => setFailedUrl(url)} />;
  }
  return (
    <span className="avatar avatar--initials" aria-hidden="true">
      {initialsOf(name)}
    </span>
  );
}
