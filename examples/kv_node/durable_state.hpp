// SPDX-License-Identifier: BSL-1.0
// kv_node's durability: a snapshot file and, beside it, a log of the deltas since.
//
//   FILE       the whole state, encoded; replaced atomically (write FILE.tmp, fsync, rename)
//   FILE.log   records of [4-byte little-endian length][encoded delta], appended
//
// A delta is in the log before its write is acknowledged (append, then sync). Loading
// joins the snapshot with every whole record; a record cut short by a crash ends the log
// and is cut off. Joins are idempotent, so a crash between the rename and the log's
// truncation only replays deltas the snapshot already holds.
#ifndef KV_NODE_DURABLE_STATE_HPP
#define KV_NODE_DURABLE_STATE_HPP

#include <fcntl.h>
#include <unistd.h> // write, fsync, ftruncate, close

#include <cstddef>
#include <cstdio> // rename
#include <fstream>
#include <iterator> // istreambuf_iterator
#include <string>
#include <vector>

#include <hearsay/hearsay.hpp>

template <class State> class durable_state {
  public:
    /// Keeps the state in `path` and `path`.log; an empty path keeps nothing.
    explicit durable_state(std::string path) : path_(std::move(path)) {}
    durable_state(const durable_state&) = delete;
    durable_state& operator=(const durable_state&) = delete;
    ~durable_state() {
        if (log_ >= 0)
            ::close(log_);
    }

    /// Returns the saved state: the snapshot joined with the log (empty when there is none).
    State load() {
        State state;
        if (path_.empty())
            return state;
        const std::vector<std::byte> snapshot = read_file(path_);
        hearsay::decode_limits limits;
        limits.max_message_size = snapshot.size() + (std::size_t{4} << 20);
        if (!snapshot.empty())
            if (auto saved = hearsay::decode<State>(hearsay::bytes_view(snapshot), limits))
                state = std::move(*saved);
        const std::vector<std::byte> log = read_file(path_ + ".log");
        std::size_t at = 0;
        while (log.size() - at >= 4) {
            std::size_t size = 0;
            for (std::size_t i = 0; i < 4; ++i)
                size |= std::to_integer<std::size_t>(log[at + i]) << (8 * i);
            if (log.size() - at - 4 < size)
                break;
            auto delta = hearsay::decode<State>(hearsay::bytes_view(&log[at + 4], size), limits);
            if (!delta)
                break;
            state.merge(*delta);
            at += 4 + size;
        }
        log_ = ::open((path_ + ".log").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        if (log_ >= 0 && ::ftruncate(log_, static_cast<off_t>(at)) == 0) // drop a torn tail
            ::lseek(log_, 0, SEEK_END);
        return state;
    }

    /// Appends `delta` to the log (in the page cache: safe from a crash of this process).
    bool append(const State& delta) {
        if (log_ < 0)
            return path_.empty();
        std::vector<std::byte> record(4);
        hearsay::encode(delta, record);
        const std::size_t size = record.size() - 4;
        for (std::size_t i = 0; i < 4; ++i)
            record[i] = static_cast<std::byte>((size >> (8 * i)) & 0xff);
        return write_all(log_, record);
    }

    /// Makes every appended delta durable (safe from a power loss too).
    bool sync() { return log_ < 0 ? path_.empty() : ::fsync(log_) == 0; }

    /// Replaces the snapshot with `state` and empties the log.
    bool save(const State& state) {
        if (path_.empty())
            return true;
        std::vector<std::byte> bytes;
        hearsay::encode(state, bytes);
        const std::string temp = path_ + ".tmp";
        const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        const bool written = fd >= 0 && write_all(fd, bytes) && ::fsync(fd) == 0;
        if (fd >= 0)
            ::close(fd);
        if (!written || std::rename(temp.c_str(), path_.c_str()) != 0)
            return false;
        sync_directory();
        return log_ < 0 ||
               (::ftruncate(log_, 0) == 0 && ::lseek(log_, 0, SEEK_SET) == 0 && ::fsync(log_) == 0);
    }

  private:
    static std::vector<std::byte> read_file(const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
        std::vector<std::byte> bytes(text.size());
        for (std::size_t i = 0; i < text.size(); ++i)
            bytes[i] = static_cast<std::byte>(text[i]);
        return bytes;
    }

    static bool write_all(int fd, const std::vector<std::byte>& bytes) {
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
            if (n <= 0)
                return false;
            done += static_cast<std::size_t>(n);
        }
        return true;
    }

    // The rename is durable once the directory that holds the name is.
    void sync_directory() const {
        const std::size_t slash = path_.rfind('/');
        const std::string dir = slash == std::string::npos ? "." : path_.substr(0, slash + 1);
        const int fd = ::open(dir.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            ::fsync(fd);
            ::close(fd);
        }
    }

    std::string path_;
    int log_ = -1;
};

#endif // KV_NODE_DURABLE_STATE_HPP
