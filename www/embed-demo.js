// The example host page listens for tokens: here it just says when one arrived.
document.getElementById('lake').addEventListener('token', (event) => {
  const when = new Date(event.detail.expiresAt * 1000).toLocaleTimeString();
  document.getElementById('last-token').textContent = `Token received; it expires at ${when}.`;
});
