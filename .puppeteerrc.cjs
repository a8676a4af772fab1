/**
 * whatsapp-web.js depends on puppeteer, whose install would download a browser.
 * Loket uses Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium) instead.
 */
module.exports = { skipDownload: true };
