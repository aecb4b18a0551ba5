#ifndef HEARSAY_TESTS_SUPPORT_CRDT_TYPES_HPP
#define HEARSAY_TESTS_SUPPORT_CRDT_TYPES_HPP

// The CRDT instantiations the property tests run over: every type on its own,
// and or_map over every nested type plus two deeper nestings. lww types use
// plain integer timestamps so that tests can force ties.

#include <cstdint>

#include <hearsay/crdt/dw_flag.hpp>
#include <hearsay/crdt/ew_flag.hpp>
#include <hearsay/crdt/g_counter.hpp>
#include <hearsay/crdt/g_set.hpp>
#include <hearsay/crdt/lww_map.hpp>
#include <hearsay/crdt/lww_register.hpp>
#include <hearsay/crdt/mv_register.hpp>
#include <hearsay/crdt/or_map.hpp>
#include <hearsay/crdt/or_set.hpp>
#include <hearsay/crdt/pn_counter.hpp>
#include <hearsay/crdt/two_phase_set.hpp>

namespace hearsay::testing {

using g_counter_type = hearsay::g_counter<>;
using pn_counter_type = hearsay::pn_counter<>;
using g_set_type = hearsay::g_set<int>;
using two_phase_set_type = hearsay::two_phase_set<int>;
using lww_register_type = hearsay::lww_register<int, std::uint64_t, std::uint64_t>;
using mv_register_type = hearsay::mv_register<int>;
using ew_flag_type = hearsay::ew_flag<>;
using dw_flag_type = hearsay::dw_flag<>;
using or_set_type = hearsay::or_set<int>;
using lww_map_type = hearsay::lww_map<int, int, std::uint64_t, std::uint64_t>;

using map_of_or_set = hearsay::or_map<int, or_set_type>;
using map_of_pn_counter = hearsay::or_map<int, pn_counter_type>;
using map_of_g_counter = hearsay::or_map<int, g_counter_type>;
using map_of_mv_register = hearsay::or_map<int, mv_register_type>;
using map_of_ew_flag = hearsay::or_map<int, ew_flag_type>;
using map_of_dw_flag = hearsay::or_map<int, dw_flag_type>;
using map_of_lww_register = hearsay::or_map<int, lww_register_type>;
using map_of_g_set = hearsay::or_map<int, g_set_type>;
using map_of_two_phase_set = hearsay::or_map<int, two_phase_set_type>;
using map_of_map_of_or_set = hearsay::or_map<int, map_of_or_set>;
using map_of_map_of_map_of_pn_counter =
    hearsay::or_map<int, hearsay::or_map<int, map_of_pn_counter>>;

} // namespace hearsay::testing

// Type lists for TEMPLATE_TEST_CASE (Catch2 takes at most 11 types per case),
// named unqualified: test files say `using namespace hearsay::testing;`.
#define HEARSAY_TEST_FLAT_CRDTS                                                                    \
    g_counter_type, pn_counter_type, g_set_type, two_phase_set_type, lww_register_type,            \
        mv_register_type, ew_flag_type, dw_flag_type, or_set_type, lww_map_type

#define HEARSAY_TEST_MAP_CRDTS                                                                     \
    map_of_or_set, map_of_pn_counter, map_of_g_counter, map_of_mv_register, map_of_ew_flag,        \
        map_of_dw_flag, map_of_lww_register, map_of_g_set, map_of_two_phase_set,                   \
        map_of_map_of_or_set, map_of_map_of_map_of_pn_counter

#endif // HEARSAY_TESTS_SUPPORT_CRDT_TYPES_HPP
