export type VideoProvider = 'youtube' | 'vimeo' | 'file';

export interface NormalizedVideo {
  url: string;
  provider: VideoProvider;
  embedUrl: string;
}

const YOUTUBE_HOSTS = new Set([
  'youtube.com', 'www.youtube.com', 'm.youtube.com', 'music.youtube.com',
  'youtube-nocookie.com', 'www.youtube-nocookie.com',
]);
const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const YOUTUBE_PATH = /^\/(?:embed|shorts|live|v)\/([^/]+)\/?$/;
const VIMEO_HOSTS = new Set(['vimeo.com', 'www.vimeo.com']);
const VIMEO_PATH = /^\/(\d+)(?:\/([0-9a-f]+))?\/?$/i;
const PLAYER_VIMEO_PATH = /^\/video\/(\d+)\/?$/;
const FILE_EXTENSION = /\.(?:mp4|webm|ogg|m3u8)$/i;

/**
 * Accepts an https YouTube, Vimeo or direct video-file URL and returns its canonical form and
 * the URL to embed; anything else (other schemes, relative URLs, other sites) gives null.
 * YouTube embeds use youtube-nocookie.com; a YouTube start time (`t=`) is not carried over.
 */
export function normalizeVideoUrl(url: string): NormalizedVideo | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return null;
  const host = parsed.hostname;

  if (host === 'youtu.be') return youtube(parsed.pathname.slice(1).replace(/\/$/, ''));
  if (YOUTUBE_HOSTS.has(host)) {
    if (parsed.pathname === '/watch') return youtube(parsed.searchParams.get('v') ?? '');
    return youtube(YOUTUBE_PATH.exec(parsed.pathname)?.[1] ?? '');
  }

  if (VIMEO_HOSTS.has(host)) {
    const [, id, hash] = VIMEO_PATH.exec(parsed.pathname) ?? [];
    return id ? vimeo(id, hash ?? null) : null;
  }
  if (host === 'player.vimeo.com') {
    const [, id] = PLAYER_VIMEO_PATH.exec(parsed.pathname) ?? [];
    return id ? vimeo(id, parsed.searchParams.get('h') || null) : null;
  }

  if (FILE_EXTENSION.test(parsed.pathname)) {
    return { url: parsed.href, provider: 'file', embedUrl: parsed.href };
  }
  return null;
}

function youtube(id: string): NormalizedVideo | null {
  if (!YOUTUBE_ID.test(id)) return null;
  return {
    url: `https://www.youtube.com/watch?v=${id}`,
    provider: 'youtube',
    embedUrl: `https://www.youtube-nocookie.com/embed/${id}`,
  };
}

// Unlisted Vimeo videos need their privacy hash (`vimeo.com/ID/HASH`, `?h=HASH`) to play.
function vimeo(id: string, hash: string | null): NormalizedVideo | null {
  if (hash !== null && !/^[0-9a-f]+$/i.test(hash)) return null;
  return {
    url: hash ? `https://vimeo.com/${id}/${hash}` : `https://vimeo.com/${id}`,
    provider: 'vimeo',
    embedUrl: hash ? `https://player.vimeo.com/video/${id}?h=${hash}` : `https://player.vimeo.com/video/${id}`,
  };
}
