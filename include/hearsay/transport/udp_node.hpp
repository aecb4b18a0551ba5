// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_TRANSPORT_UDP_NODE_HPP
#define HEARSAY_TRANSPORT_UDP_NODE_HPP

// udp_node: one gossip_engine on one udp_transport, run by a poll(2) loop; for programs
// without an event loop of their own. A convenience, not a framework: a program with a
// loop waits on udp_transport::native_handle() and calls the engine itself.
//
// The loop, on the thread that calls run(): run the posted commands, poll() the engine,
// wait for a datagram, a wake-up or the engine's deadline, hand one batch of datagrams to
// the engine, and again, until stop(). The engine is not thread-safe, so other threads
// reach it only through post(); engine() is for setting up before run() and for
// callbacks and commands that already run on the loop. stop() may be called from any
// thread and from a signal handler. What a command or callback throws leaves run(); a
// failing poll(2) is thrown as std::system_error. Cost: one pipe and one poll(2) per
// wake-up; a command costs a std::function and a lock.

#include <fcntl.h> // fcntl, O_NONBLOCK, FD_CLOEXEC
#include <poll.h>
#include <unistd.h> // pipe, read, write, close

#include <algorithm> // clamp
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <functional> // function
#include <limits>
#include <mutex>
#include <system_error>
#include <utility> // exchange, move
#include <vector>

#include "hearsay/clock/steady_clock.hpp"
#include "hearsay/gossip/config.hpp"
#include "hearsay/gossip/engine.hpp"
#include "hearsay/transport/udp.hpp"

namespace hearsay {

/// Runs a gossip_engine replicating State over a udp_transport, on the thread calling run().
template <class State> class udp_node {
  public:
    using engine_type = gossip_engine<State, udp_transport>;

    /// Starts member `id` on `transport` from `initial` (e.g. a state kept across a restart);
    /// throws std::system_error when the engine refuses the id or config, or no pipe opens.
    udp_node(std::uint64_t id, udp_transport transport, gossip_config config = gossip_config::lan(),
             State initial = State{})
        : transport_(std::move(transport)),
          engine_(id, transport_, clock_, std::move(config), std::move(initial)) {
        bool ready = ::pipe(wake_) == 0;
        for (int fd : wake_) // a full pipe already holds a wake-up: writes may fail quietly
            ready = ready && ::fcntl(fd, F_SETFL, O_NONBLOCK) == 0 &&
                    ::fcntl(fd, F_SETFD, FD_CLOEXEC) == 0;
        if (!ready) {
            const int error = errno;
            close_pipe();
            throw std::system_error(error, std::generic_category(), "udp_node: wake-up pipe");
        }
    }
    // The engine holds the transport and clock by reference: the node stays where it is.
    udp_node(const udp_node&) = delete;
    udp_node& operator=(const udp_node&) = delete;
    ~udp_node() { close_pipe(); }

    /// Returns the engine: use it before run(), or from commands and callbacks on the loop.
    engine_type& engine() noexcept { return engine_; }
    /// Returns the transport, for its local_endpoint() and stats(); same rule as engine().
    udp_transport& transport() noexcept { return transport_; }

    /// Runs the loop on the calling thread until stop(); a stop() before run() counts.
    void run() {
        while (!stopping_.load()) {
            run_posted();
            const auto deadline = engine_.poll();
            if (stopping_.load())
                break;
            pollfd fds[2] = {{transport_.native_handle(), POLLIN, 0}, {wake_[0], POLLIN, 0}};
            const int ready = ::poll(fds, 2, timeout_ms(deadline));
            if (ready < 0 && errno != EINTR)
                throw std::system_error(errno, std::generic_category(), "udp_node: poll");
            if (ready <= 0)
                continue;
            if ((fds[1].revents & POLLIN) != 0)
                drain_wake();
            if ((fds[0].revents & (POLLIN | POLLERR)) != 0)
                transport_.receive_into(engine_);
        }
        stopping_.store(false); // a later run() runs again
    }

    /// Makes run() return soon; safe from any thread and from a signal handler.
    void stop() noexcept {
        stopping_.store(true);
        wake();
    }

    /// Queues `command(engine)` to run on the loop's thread, in the order posted.
    void post(std::function<void(engine_type&)> command) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            posted_.push_back(std::move(command));
        }
        wake();
    }

  private:
    void close_pipe() noexcept {
        for (int& fd : wake_)
            if (fd >= 0)
                ::close(std::exchange(fd, -1));
    }

    void wake() noexcept {
        const char byte = 1;
        [[maybe_unused]] const ssize_t ignored = ::write(wake_[1], &byte, 1);
    }

    void drain_wake() noexcept {
        char bytes[64];
        while (::read(wake_[0], bytes, sizeof bytes) > 0) {
        }
    }

    void run_posted() {
        std::vector<std::function<void(engine_type&)>> batch;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            batch.swap(posted_);
        }
        for (auto& command : batch)
            command(engine_);
    }

    int timeout_ms(steady_clock::time_point deadline) const {
        const auto wait =
            std::chrono::ceil<std::chrono::milliseconds>(deadline - clock_.now()).count();
        return static_cast<int>(std::clamp<decltype(wait)>(wait, 0, 60000));
    }

    steady_clock clock_;
    udp_transport transport_;
    engine_type engine_;
    int wake_[2] = {-1, -1};
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::vector<std::function<void(engine_type&)>> posted_;
};

} // namespace hearsay

#endif // HEARSAY_TRANSPORT_UDP_NODE_HPP
