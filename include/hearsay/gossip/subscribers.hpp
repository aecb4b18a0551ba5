// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_SUBSCRIBERS_HPP
#define HEARSAY_GOSSIP_SUBSCRIBERS_HPP

// subscribers<Args...>: the callbacks registered for one kind of event, each
// removable through the subscription handle its registration returned.
//
// A subscription removes its callback when it is destroyed or unsubscribed,
// or never once released; it stays valid when the engine moves, and outliving
// the engine is harmless. Callbacks run in registration order. A callback may
// subscribe or unsubscribe others (itself included) while it runs: a removed
// callback is not called again, an added one is first called at the next event.

#include <cstddef>
#include <cstdint>
#include <functional> // function
#include <initializer_list>
#include <memory>  // shared_ptr, weak_ptr
#include <utility> // move, exchange
#include <vector>

namespace hearsay {

namespace detail {
/// What a subscription needs of the list it belongs to.
class subscription_owner {
  public:
    virtual void remove(std::uint64_t id) = 0;

  protected:
    ~subscription_owner() = default;
};
} // namespace detail

/// Keeps one callback registered until it is destroyed, unsubscribed or released.
class [[nodiscard]] subscription {
  public:
    subscription() = default;
    subscription(std::weak_ptr<detail::subscription_owner> owner, std::uint64_t id)
        : owner_(std::move(owner)), id_(id) {}
    subscription(const subscription&) = delete;
    subscription& operator=(const subscription&) = delete;
    subscription(subscription&& other) noexcept
        : owner_(std::move(other.owner_)), id_(std::exchange(other.id_, 0)) {}
    subscription& operator=(subscription&& other) noexcept {
        if (this != &other) {
            unsubscribe();
            owner_ = std::move(other.owner_);
            id_ = std::exchange(other.id_, 0);
        }
        return *this;
    }
    ~subscription() { unsubscribe(); }

    /// Removes the callback now; harmless when it is removed already or its engine is gone.
    void unsubscribe() noexcept {
        if (auto owner = owner_.lock())
            owner->remove(id_);
        release();
    }
    /// Keeps the callback for the engine's whole life, whatever becomes of this handle.
    void release() noexcept {
        owner_.reset();
        id_ = 0;
    }
    /// Tells whether this handle still controls a callback.
    bool active() const noexcept { return !owner_.expired(); }

  private:
    std::weak_ptr<detail::subscription_owner> owner_;
    std::uint64_t id_ = 0;
};

/// Holds the callbacks of one event, called with `Args...`.
template <class... Args>
class subscribers final : public detail::subscription_owner,
                          public std::enable_shared_from_this<subscribers<Args...>> {
  public:
    using callback = std::function<void(Args...)>;

    /// Registers `f`; the returned handle removes it.
    subscription add(callback f) {
        // While callbacks run, list_ must not move: newcomers wait in added_.
        (depth_ == 0 ? list_ : added_).push_back(entry{++last_id_, std::move(f), false});
        return subscription(this->weak_from_this(), last_id_);
    }

    /// Calls every registered callback with `args`.
    void notify(const Args&... args) {
        struct running { // a callback that throws still ends this call's turn
            int& depth;
            ~running() { --depth; }
        };
        {
            running turn{++depth_};
            for (std::size_t i = 0; i < list_.size(); ++i)
                if (!list_[i].removed)
                    list_[i].f(args...);
        }
        if (depth_ == 0)
            settle();
    }

    bool empty() const { return list_.empty() && added_.empty(); }

    void remove(std::uint64_t id) override {
        for (auto* list : {&list_, &added_})
            for (auto& e : *list)
                if (e.id == id)
                    e.removed = true; // destroyed by settle(), never while it may be running
        if (depth_ == 0)
            settle();
    }

  private:
    struct entry {
        std::uint64_t id;
        callback f;
        bool removed;
    };
    // Drops removed callbacks and admits those added while callbacks ran.
    void settle() {
        for (auto& e : added_)
            list_.push_back(std::move(e));
        added_.clear();
        std::size_t kept = 0;
        for (std::size_t i = 0; i < list_.size(); ++i) {
            if (list_[i].removed)
                continue;
            if (kept != i)
                list_[kept] = std::move(list_[i]);
            ++kept;
        }
        list_.resize(kept);
    }

    std::vector<entry> list_;
    std::vector<entry> added_;
    std::uint64_t last_id_ = 0;
    int depth_ = 0;
};

} // namespace hearsay

#endif
