// SPDX-License-Identifier: BSL-1.0
#ifndef HEARSAY_GOSSIP_ADMISSION_HPP
#define HEARSAY_GOSSIP_ADMISSION_HPP

// admission: whether a received message is handled, and what it may cost.
//
// Every datagram passes here before its body is read. In order:
//   1. larger than config.limits.max_message_size, a bad header, or this
//      node's own id as sender: refused and counted;
//   2. without this node's token for its source address (a first contact, or
//      a spoofed address): answered with the token only, within 3x its size
//      (sealed, with keys: security/sealer.hpp),
//      and kept in the backlog until the sender shows the token (token
//      messages themselves are handled here: they are the handshake);
//   3. from a member over its receive budget for the round: dropped unread;
//   4. otherwise admitted, with the bytes its replies may cost: the smaller of
//      what the sender and what the round may still spend on replies.
// After the engine handled an admitted message, settle() charges its replies
// and the work it caused (ctx.work) to the sender and to the round. So no
// sender, verified or not, costs more than its budget a round, and all of them
// together no more than config.round_reply_budget in replies. Cost: O(1) per
// message beyond the membership lookups.

#include <algorithm> // min
#include <cstddef>
#include <cstdint>

#include "hearsay/codec/reader.hpp"
#include "hearsay/core/bytes_view.hpp"
#include "hearsay/core/error.hpp"
#include "hearsay/gossip/backlog.hpp"
#include "hearsay/gossip/config.hpp"
#include "hearsay/gossip/membership/membership.hpp"
#include "hearsay/gossip/messages.hpp"
#include "hearsay/gossip/peer_budget.hpp"
#include "hearsay/gossip/stats.hpp"

namespace hearsay {

/// Counts a refused message in `stats` under the reason `why`.
inline void count_rejection(gossip_stats& stats, errc why) {
    ++stats.messages_rejected;
    if (why == errc::bad_version)
        ++stats.rejected_version;
    else if (why == errc::out_of_memory)
        ++stats.rejected_out_of_memory;
    else
        ++stats.rejected_malformed;
}

/// Counts a message refused for the reason its reader recorded.
inline void count_rejection(gossip_stats& stats, const reader& in) {
    count_rejection(stats, static_cast<errc>(in.error().value()));
}

/// What admission decided about one message.
struct admitted {
    bool handle = false;      ///< the engine handles its body
    message_kind kind{};      ///< read from the header
    std::uint64_t sender = 0; ///< the replica id in the header
    sender_check check = sender_check::unverified;
    std::size_t allowance = 0; ///< bytes its replies may cost, when handled
};

/// Decides which received messages are handled and holds them to the budgets.
template <class Address> class admission {
  public:
    explicit admission(std::size_t backlog_capacity) : backlog_(backlog_capacity) {}

    /// Reads the header of `bytes` from `from` in `in` and decides; `known` is verified for a
    /// message kept in the backlog until its sender showed its token. When the result says to
    /// handle it, `in` is positioned at its body and ctx.out is open to `from`.
    template <class Context, class Members>
    admitted admit(Context& ctx, Members& members, reader& in, const Address& from,
                   bytes_view bytes, sender_check known, std::uint64_t round,
                   const gossip_config& config) {
        admitted a;
        std::uint64_t token = 0;
        if (bytes.size() > config.limits.max_message_size) {
            count_rejection(ctx.stats, errc::message_too_large);
            return a;
        }
        if (!detail::read_message_header(in, a.kind, a.sender, token)) {
            count_rejection(ctx.stats, in);
            return a;
        }
        if (a.sender == members.self()) {
            ++ctx.stats.messages_rejected;
            ++ctx.stats.rejected_self;
            return a;
        }
        a.check = known == sender_check::verified ? known : members.check(from, token);
        if (a.kind == message_kind::token) {
            if (!members.on_token(ctx, in, from, a.sender, a.check, bytes.size()))
                count_rejection(ctx.stats, in);
            return a;
        }
        const std::size_t round_allowance = replies_.allowance(round, config.round_reply_budget);
        if (a.check != sender_check::verified) {
            ++ctx.stats.unverified_messages;
            const std::size_t received = bytes.size() + ctx.out.seals().overhead(); // as sent
            const std::size_t allowance = std::min(3 * received, round_allowance);
            ctx.out.open(from, members.token_from(from), allowance);
            members.send_token(ctx, from);
            replies_.spent += allowance - ctx.out.allowance();
            backlog_.keep(from, bytes);
            return a;
        }
        a.allowance = config.peer_reply_budget;
        if (peer_budget* budget = members.budget_of(from)) {
            budget->roll(round);
            if (!budget->admit(bytes.size(), config.peer_receive_budget)) {
                ++ctx.stats.over_budget;
                return a;
            }
            a.allowance = budget->reply_allowance(config.peer_reply_budget);
        }
        a.allowance = std::min(a.allowance, round_allowance);
        ctx.out.open(from, members.token_from(from), a.allowance);
        ctx.work = 0;
        a.handle = true;
        return a;
    }

    /// Charges what handling the admitted message `a` from `from` cost: its replies, to the
    /// sender and the round, and the work it caused (ctx.work), to the sender.
    template <class Context, class Members>
    void settle(Context& ctx, Members& members, const Address& from, const admitted& a,
                std::uint64_t round) {
        const std::size_t spent = a.allowance - ctx.out.allowance();
        replies_.spent += spent;
        if (peer_budget* budget = members.budget_of(from)) { // the table may have grown
            budget->roll(round);
            budget->replied += spent;
            budget->received += ctx.work;
        }
    }

    /// Calls `f(bytes_view)` for each message kept from `from`, now that it showed its token.
    template <class F> void take_kept(const Address& from, F&& f) {
        backlog_.take(from, static_cast<F&&>(f));
    }

  private:
    backlog<Address> backlog_;
    round_replies replies_; // what replies to all senders cost this round
};

} // namespace hearsay

#endif
