// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_TRANSPORT_ASIO_NODE_HPP
#define HEARSAY_TRANSPORT_ASIO_NODE_HPP

// asio_node: one gossip_engine on one asio_transport, run by the program's own Asio
// io_context; nothing here owns a thread or blocks.
//
// Theory of operation. start() arms two chains on the node's strand: a wait for the socket
// to be readable, which hands the waiting datagrams to the engine (receive_into), and a
// steady_timer set to the deadline poll() returned. After every batch of datagrams, every
// posted command and every timer, the node calls poll() and moves the timer forward only
// when the new deadline comes sooner (an early poll is harmless, so a later deadline waits
// for the armed one). stop() cancels both; start() resumes.
//
// The caller's contract. Call start(), then run the io_context (from one thread or
// several: every handler of a node runs on its strand, so the engine is never entered
// twice at once). Other code reaches the engine through post(); engine() is for setting up
// before start() and for commands and callbacks, which run on the strand. start(), stop()
// and post() are safe from any thread. The io_context must outlive the node (declare it
// first). What a command or callback throws leaves io_context::run(), as for any Asio
// handler; the node stays armed and a later run() carries on. Cost: one strand, one timer;
// per wake-up one async_wait and the handler's allocation; a command costs a
// std::function.

#include <algorithm> // min
#include <chrono>
#include <cstdint>
#include <functional> // function
#include <memory>     // make_shared, shared_ptr
#include <optional>
#include <system_error>
#include <utility> // move

#include "hearsay/clock/steady_clock.hpp"
#include "hearsay/gossip/config.hpp"
#include "hearsay/gossip/engine.hpp"
#include "hearsay/transport/asio.hpp"
#include "hearsay/transport/detail/asio_include.hpp"

namespace hearsay {

/// Runs a gossip_engine replicating State over an asio_transport, in an io_context.
template <class State> class asio_node {
  public:
    using engine_type = gossip_engine<State, asio_transport>;
    using executor_type = detail::net::strand<asio_transport::executor_type>;

    /// Starts member `id` on `transport` from `initial` (e.g. a state kept across a restart);
    /// throws std::system_error when the engine refuses the id or config. Runs nothing until
    /// start().
    asio_node(std::uint64_t id, asio_transport transport,
              gossip_config config = gossip_config::lan(), State initial = State{})
        : core_(std::make_shared<core>(id, std::move(transport), std::move(config),
                                       std::move(initial))) {}
    // The handlers hold the engine, transport and timer (core) until they complete, so the
    // node itself may go first; it stops them as it goes.
    asio_node(const asio_node&) = delete;
    asio_node& operator=(const asio_node&) = delete;
    ~asio_node() {
        detail::net::post(core_->strand, [c = core_] { c->close(); });
    }

    /// Returns the engine: use it before start(), or from commands and callbacks.
    engine_type& engine() noexcept { return core_->engine; }
    /// Returns the transport, for its local_endpoint() and stats(); same rule as engine().
    asio_transport& transport() noexcept { return core_->transport; }
    /// Returns the strand every handler of the node runs on.
    executor_type get_executor() const noexcept { return core_->strand; }

    /// Starts receiving and running rounds once the io_context runs; safe from any thread.
    void start() {
        detail::net::post(core_->strand, [c = core_] { c->start(); });
    }

    /// Cancels the node's pending work, so that an io_context with nothing else to do returns
    /// from run(); start() resumes. Safe from any thread.
    void stop() {
        detail::net::post(core_->strand, [c = core_] { c->stop(); });
    }

    /// Queues `command(engine)` to run on the node's strand, in the order posted; the engine
    /// is polled after it.
    void post(std::function<void(engine_type&)> command) {
        detail::net::post(core_->strand, [c = core_, f = std::move(command)] {
            f(c->engine);
            c->poll_and_arm();
        });
    }

  private:
    using time_point = steady_clock::time_point;

    // Everything the handlers touch; they share it, so it lives until the last one ends.
    struct core : std::enable_shared_from_this<core> {
        core(std::uint64_t id, asio_transport t, gossip_config config, State initial)
            : transport(std::move(t)),
              engine(id, transport, clock, std::move(config), std::move(initial)),
              strand(transport.get_executor()), timer(strand) {}

        void start() {
            running = true;
            wait_readable();
            poll_and_arm();
        }

        void stop() {
            running = false;
            armed.reset();
            detail::net_error_code ignored;
            timer.cancel();
            transport.socket().cancel(ignored);
        }

        void close() {
            stop();
            detail::net_error_code ignored;
            transport.socket().close(ignored);
        }

        void wait_readable() {
            if (reading)
                return; // the pending wait carries on, even one being cancelled (on_readable)
            reading = true;
            transport.socket().async_wait(
                detail::net::socket_base::wait_read,
                detail::net::bind_executor(
                    strand, [c = this->shared_from_this()](const detail::net_error_code& ec) {
                        c->on_readable(ec);
                    }));
        }

        void on_readable(const detail::net_error_code& ec) {
            reading = false;
            if (!running)
                return;
            if (ec && ec != detail::net::error::operation_aborted)
                throw std::system_error(detail::to_std_error(ec), "asio_node: wait for a datagram");
            wait_readable(); // first, so that a callback that throws leaves the node listening
            if (!ec)         // aborted: a stop() and start() came in between
                transport.receive_into(engine);
            poll_and_arm();
        }

        void poll_and_arm() {
            if (!running)
                return;
            time_point deadline;
            try {
                deadline = engine.poll();
            } catch (...) {
                arm(clock.now() + engine.config().interval); // rounds go on after the throw
                throw;
            }
            // A far deadline (after leave(), say) is polled again within a minute anyway.
            arm(std::min(deadline, clock.now() + std::chrono::seconds(60)));
        }

        void arm(time_point deadline) {
            if (armed && *armed <= deadline)
                return; // the armed timer comes first, and its poll() moves it on
            armed = deadline;
            timer.expires_at(deadline); // cancels the wait for the later deadline
            timer.async_wait([c = this->shared_from_this()](const detail::net_error_code& ec) {
                if (ec == detail::net::error::operation_aborted)
                    return; // replaced by a sooner deadline, or stopped
                c->armed.reset();
                c->poll_and_arm();
            });
        }

        steady_clock clock;
        asio_transport transport;
        engine_type engine;
        executor_type strand;
        detail::net::basic_waitable_timer<std::chrono::steady_clock,
                                          detail::net::wait_traits<std::chrono::steady_clock>,
                                          executor_type>
            timer;
        std::optional<time_point> armed; // the deadline the timer waits for, if it waits
        bool running = false;
        bool reading = false; // a wait for readability is pending
    };

    std::shared_ptr<core> core_;
};

} // namespace hearsay

#endif // HEARSAY_TRANSPORT_ASIO_NODE_HPP
