/* Đọc lại khi mất mạng: trang nào người đọc đã mở một lần thì lần sau mở lại được dù không có
   mạng. Service worker này (đăng ký ở assets/portal.js, sau khi trang đã tải xong, nên không
   làm chậm lần mở đầu tiên):
   - chỉ lưu những gì người đọc đã mở (trang, CSS, JS, ảnh, phần chỉ mục tìm kiếm đã dùng),
     không tải trước trang nào;
   - luôn hỏi mạng trước, và lưu bản mới nhận được: có mạng thì người đọc thấy bản mới nhất,
     bản lưu được làm mới ở mỗi lần mở;
   - mất mạng thì trả bản đã lưu; trang chưa từng mở thì trả một trang báo bằng tiếng Việt.
   Không gửi yêu cầu nào tới trang khác. */
const CACHE = "portal-doc-lai-v1";

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

function key(url) {
  const clean = new URL(url);
  clean.hash = "";
  return clean.href;
}

function own(url) {
  return new URL(url).origin === self.location.origin;
}

async function remember(request, response) {
  if (!response || !response.ok || response.type !== "basic") return;
  const cache = await caches.open(CACHE);
  await cache.put(key(request.url || request), response);
}

const OFFLINE = `<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Không có mạng</title></head><body>
<h1>Không có mạng</h1>
<p>Trang này chưa được mở lần nào trên máy này nên chưa đọc được khi mất mạng.
Những trang bạn đã mở trước đây vẫn đọc được. Hãy thử lại khi có mạng.</p>
<p><a href="${new URL("./", self.location).pathname}">Về trang chủ</a></p>
</body></html>`;

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !own(request.url)) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        event.waitUntil(remember(request, response.clone()));
        return response;
      })
      .catch(async () => {
        const saved = await caches.match(key(request.url), { ignoreSearch: false });
        if (saved) return saved;
        if (request.mode === "navigate") {
          return new Response(OFFLINE, {
            status: 503,
            headers: { "Content-Type": "text/html; charset=utf-8" },
          });
        }
        return Response.error();
      }),
  );
});

// The page a reader opened before this worker took charge (the first visit): the page sends
// the addresses it loaded, and they are saved the same way (mostly from the browser's cache).
self.addEventListener("message", (event) => {
  const urls = (event.data && event.data.portalSave) || [];
  event.waitUntil(
    Promise.all(
      urls.filter(own).map((url) =>
        fetch(url, { cache: "force-cache" })
          .then((response) => remember(new Request(url), response))
          .catch(() => undefined),
      ),
    ),
  );
});
