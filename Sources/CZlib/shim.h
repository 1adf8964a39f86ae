// zlib, from Debian's zlib1g-dev: inflate for logrotate's gzip-compressed logs (Gunzip.swift).
#include <zlib.h>
