#!/bin/sh
# Install the portal's nginx site on this Debian server. Run as root from the project folder:
#   sudo sh deploy/install-nginx.sh [/srv/portal]
# The argument is the publish folder (the one `portal publish --to` names); nginx serves its
# `current`. Safe to run again after the configuration in deploy/nginx/ changes.
set -eu
here=$(cd "$(dirname "$0")/nginx" && pwd)
root=${1:-/srv/portal}
# The tests install into a copy of /etc/nginx; on a server this stays /etc/nginx.
nginx_dir=${NGINX_DIR:-/etc/nginx}

install -d "$nginx_dir/snippets" "$nginx_dir/sites-available" "$nginx_dir/sites-enabled"
install -m 644 "$here/portal-headers.conf" "$here/portal-compression.conf" "$nginx_dir/snippets/"
if ls "$nginx_dir"/modules-enabled/*brotli-filter* >/dev/null 2>&1; then
  install -m 644 "$here/portal-brotli.conf" "$nginx_dir/snippets/"
else
  rm -f "$nginx_dir/snippets/portal-brotli.conf"
  echo "Không có mô-đun brotli (gói libnginx-mod-http-brotli-filter): chỉ dùng gzip."
fi
sed -e "s#/srv/portal/current#$root/current#" -e "s#/etc/nginx/#$nginx_dir/#g" \
  "$here/portal.conf" > "$nginx_dir/sites-available/portal"
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
