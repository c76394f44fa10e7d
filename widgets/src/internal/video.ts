/** A lesson video as the engine normalised it (`videoProvider`, `videoEmbedUrl`). */
export type VideoProvider = 'youtube' | 'vimeo' | 'file'

/**
 * The URL the player frame loads once the learner presses play: YouTube's privacy-enhanced host
 * (youtube-nocookie.com, as the engine gives it) and Vimeo with Do Not Track (`dnt=1`: no
 * session cookies or analytics), both starting at once since the learner asked to play.
 */
export function playerUrl(provider: VideoProvider, embedUrl: string): string {
  const url = new URL(embedUrl)
  if (provider === 'vimeo') url.searchParams.set('dnt', '1')
  if (provider !== 'file') url.searchParams.set('autoplay', '1')
  return url.href
}

/** The host a player loads from, for the notice shown before anything is loaded. */
export function playerHost(embedUrl: string): string {
  return new URL(embedUrl).hostname
}
