#!/bin/sh
# Install the portal's nginx site on this Debian server. Run as root from the project folder:
#   sudo PORTAL_DOMAIN=ten-mien.vn sh deploy/install-nginx.sh [/srv/portal]
# The argument is the publish folder (the one `portal publish --to` names); nginx serves its
# `current`. Safe to run again after the configuration in deploy/nginx/ changes.
#
# Settings (environment variables):
#   PORTAL_DOMAIN    the site's domain name (server_name); default "_" (any name)
#   PORTAL_TLS_CERT  certificate chain; default /etc/letsencrypt/live/$PORTAL_DOMAIN/fullchain.pem
#   PORTAL_TLS_KEY   its private key;   default /etc/letsencrypt/live/$PORTAL_DOMAIN/privkey.pem
#   PORTAL_ACME_ROOT webroot of certbot's challenge files; default /var/www/acme
# While the certificate files do not exist, the site is installed for plain HTTP only (with the
# challenge path, so certbot can get the first certificate); run this again afterwards.
set -eu
here=$(cd "$(dirname "$0")/nginx" && pwd)
root=${1:-/srv/portal}
domain=${PORTAL_DOMAIN:-_}
cert=${PORTAL_TLS_CERT:-/etc/letsencrypt/live/$domain/fullchain.pem}
key=${PORTAL_TLS_KEY:-/etc/letsencrypt/live/$domain/privkey.pem}
acme=${PORTAL_ACME_ROOT:-/var/www/acme}
# The tests install into a copy of /etc/nginx; on a server this stays /etc/nginx.
nginx_dir=${NGINX_DIR:-/etc/nginx}

for value in "$root" "$domain" "$cert" "$key" "$acme"; do
  case $value in
    *[!A-Za-z0-9._/@:+-]*) echo "Giá trị có ký tự không dùng được trong cấu hình nginx: $value" >&2; exit 1 ;;
  esac
done

# Fill in the settings; every file goes through the same substitutions.
fill() {
  sed -e "s#/srv/portal/current#$root/current#" -e "s#/etc/nginx/#$nginx_dir/#g" \
    -e "s#@TLS_CERT@#$cert#" -e "s#@TLS_KEY@#$key#" -e "s#@ACME_ROOT@#$acme#" \
    -e "s#server_name _;#server_name $domain;#" "$here/$1"
}

install -d "$nginx_dir/snippets" "$nginx_dir/sites-available" "$nginx_dir/sites-enabled"
install -d -m 755 "$acme/.well-known/acme-challenge"
for snippet in portal-headers.conf portal-compression.conf portal-site.conf portal-acme.conf \
  portal-tls.conf; do
  fill "$snippet" > "$nginx_dir/snippets/$snippet"
  chmod 644 "$nginx_dir/snippets/$snippet"
done
if ls "$nginx_dir"/modules-enabled/*brotli-filter* >/dev/null 2>&1; then
  install -m 644 "$here/portal-brotli.conf" "$nginx_dir/snippets/"
else
  rm -f "$nginx_dir/snippets/portal-brotli.conf"
  echo "Không có mô-đun brotli (gói libnginx-mod-http-brotli-filter): chỉ dùng gzip."
fi
if [ -f "$cert" ] && [ -f "$key" ]; then
  fill portal.conf > "$nginx_dir/sites-available/portal"
  echo "HTTPS với chứng chỉ $cert; HTTP chuyển sang HTTPS."
else
  fill portal-http.conf > "$nginx_dir/sites-available/portal"
  echo "Chưa có chứng chỉ $cert: tạm phục vụ bằng HTTP. Lấy chứng chỉ bằng"
  echo "  certbot certonly --webroot -w $acme -d $domain --deploy-hook 'systemctl reload nginx'"
  echo "rồi chạy lại lệnh này để bật HTTPS."
fi
ln -sfn ../sites-available/portal "$nginx_dir/sites-enabled/portal"
# Debian's default site also answers on port 80 and would win as default_server.
rm -f "$nginx_dir/sites-enabled/default"

if [ "$nginx_dir" = /etc/nginx ]; then
  nginx -t
  # Reload is graceful: requests in progress finish with the old configuration.
  if systemctl is-active --quiet nginx 2>/dev/null; then systemctl reload nginx
  elif [ -f /run/nginx.pid ]; then nginx -s reload
  else echo "nginx chưa chạy: khởi động bằng 'systemctl start nginx'."
  fi
  echo "Đã cài cấu hình nginx cho $root/current."
fi
