// libcurl's easy and multi APIs, from Debian's libcurl4-openssl-dev.
//
// curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are C variadic functions, which Swift cannot call.
// These typed inline wrappers give Swift one non-variadic entry point per argument type.
#ifndef SLUICE_CCURL_SHIM_H
#define SLUICE_CCURL_SHIM_H
#include <curl/curl.h>
#include <sys/epoll.h>

static inline CURLcode sluice_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode sluice_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode sluice_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode sluice_curl_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode sluice_curl_setopt_write_function(CURL *handle,
        size_t (*function)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, function);
}

static inline CURLcode sluice_curl_setopt_read_function(CURL *handle,
        size_t (*function)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(handle, CURLOPT_READFUNCTION, function);
}

static inline CURLcode sluice_curl_setopt_header_function(CURL *handle,
        size_t (*function)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, function);
}

static inline CURLcode sluice_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode sluice_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

static inline CURLMcode sluice_curl_multi_setopt_pointer(CURLM *multi, CURLMoption option, void *value) {
    return curl_multi_setopt(multi, option, value);
}

static inline CURLMcode sluice_curl_multi_setopt_socket_function(CURLM *multi,
        int (*function)(CURL *, curl_socket_t, int, void *, void *)) {
    return curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, function);
}

static inline CURLMcode sluice_curl_multi_setopt_timer_function(CURLM *multi, int (*function)(CURLM *, long, void *)) {
    return curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, function);
}

// epoll for the multi socket interface. `struct epoll_event` is packed on x86-64, which Swift does not
// import field by field, so these wrappers take and give plain ints.

/// Watches `fd` for what libcurl asked (CURL_POLL_IN, _OUT, _INOUT), adding it to the set or, when
/// `watched`, changing its entry; or stops watching it (CURL_POLL_REMOVE).
static inline int sluice_epoll_watch(int epoll, curl_socket_t fd, int what, int watched) {
    if (what == CURL_POLL_REMOVE) {
        return epoll_ctl(epoll, EPOLL_CTL_DEL, fd, NULL);
    }
    struct epoll_event event = {0};
    event.events = ((what & CURL_POLL_IN) ? EPOLLIN : 0) | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0);
    event.data.fd = fd;
    return epoll_ctl(epoll, watched ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &event);
}

/// Waits up to `timeout` ms; fills `fds` and `masks` (CURL_CSELECT_IN, _OUT, _ERR) and returns how many are ready.
static inline int sluice_epoll_wait(int epoll, int *fds, int *masks, int capacity, int timeout) {
    struct epoll_event events[64];
    int count = epoll_wait(epoll, events, capacity < 64 ? capacity : 64, timeout);
    for (int index = 0; index < count; index++) {
        fds[index] = events[index].data.fd;
        masks[index] = ((events[index].events & EPOLLIN) ? CURL_CSELECT_IN : 0)
            | ((events[index].events & EPOLLOUT) ? CURL_CSELECT_OUT : 0)
            | ((events[index].events & (EPOLLERR | EPOLLHUP)) ? CURL_CSELECT_ERR : 0);
    }
    return count;
}

#endif
