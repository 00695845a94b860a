/* rru_parse_u64: strict numbers with range checks. */
#include "rru/parse.h"

#include <criterion/criterion.h>

Test(parse, decimal_hex_and_suffixes)
{
	uint64_t v = 0;
	cr_assert_null(rru_parse_u64("42", 0, 100, &v));
	cr_assert_eq(v, 42);
	cr_assert_null(rru_parse_u64("0x1F", 0, 100, &v));
	cr_assert_eq(v, 31);
	cr_assert_null(rru_parse_u64("4k", 0, UINT64_MAX, &v));
	cr_assert_eq(v, 4096);
	cr_assert_null(rru_parse_u64("3M", 0, UINT64_MAX, &v));
	cr_assert_eq(v, 3u << 20);
	cr_assert_null(rru_parse_u64("18446744073709551615", 0, UINT64_MAX, &v));
	cr_assert_eq(v, UINT64_MAX);
}

Test(parse, rejects_bad_input_and_keeps_output)
{
	uint64_t v = 7;
	cr_assert_not_null(rru_parse_u64("", 0, 100, &v));
	cr_assert_not_null(rru_parse_u64(NULL, 0, 100, &v));
	cr_assert_not_null(rru_parse_u64("0x", 0, 100, &v));
	cr_assert_not_null(rru_parse_u64("12a", 0, 100, &v));
	cr_assert_not_null(rru_parse_u64("-1", 0, 100, &v));
	cr_assert_not_null(rru_parse_u64(" 1", 0, 100, &v));
	cr_assert_not_null(rru_parse_u64("101", 0, 100, &v));
	cr_assert_not_null(rru_parse_u64("1", 2, 100, &v));
	cr_assert_not_null(rru_parse_u64("18446744073709551616", 0, UINT64_MAX, &v));
	cr_assert_not_null(rru_parse_u64("17179869184G", 0, UINT64_MAX, &v));
	cr_assert_not_null(rru_parse_u64("4kk", 0, UINT64_MAX, &v));
	cr_assert_eq(v, 7);
}
