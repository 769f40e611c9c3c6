/* Service worker of MotCua's web push (docs/notifications.md): shows each pushed notification and
   opens its page when clicked. The payload is JSON { title, body, url, tag } sent by the server. */
self.addEventListener('push', (event) => {
  let data = { title: 'MotCua', body: '', url: null, tag: undefined };
  try {
    data = { ...data, ...event.data.json() };
  } catch {
    if (event.data) data.body = event.data.text();
  }
  event.waitUntil(self.registration.showNotification(data.title, { body: data.body, tag: data.tag, data: { url: data.url }, icon: '/favicon.svg' }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || '/thong-bao';
  event.waitUntil(self.clients.openWindow(url));
});
