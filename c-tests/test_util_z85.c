/* zmq_z85_encode / zmq_z85_decode (RFC 32), as libzmq 4.3 behaves:
 *   - the RFC 32 test vector and the extremes of a 4-byte group;
 *   - encode: size % 4 != 0 -> NULL EINVAL; size 0 -> "" (dest returned);
 *     exactly size*5/4 characters and a NUL are written, nothing more;
 *   - decode: strlen < 5 (so "" too) or strlen % 5 != 0 -> NULL EINVAL,
 *     nothing written; a character outside the alphabet (including bytes
 *     < 0x20 and >= 0x7F) or a group above 0xFFFFFFFF -> NULL EINVAL, with the
 *     groups before the bad one already written to dest; exactly
 *     strlen*4/5 bytes written on success, no terminator;
 *   - every byte value round-trips. */
#include "testutil.h"

static const uint8_t hello[8] = {0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B};

static const char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyz"
                               "ABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

static void check_encode(const uint8_t *data, size_t size, const char *want)
{
    char buf[64];
    memset(buf, 0x7E, sizeof buf); /* '~' is not a Z85 character */
    TU_ASSERT(zmq_z85_encode(buf, data, size) == buf);
    TU_EQ_STR(buf, want);
    TU_EQ_INT(strlen(buf), size * 5 / 4);
    /* nothing written past the terminator */
    TU_EQ_INT((unsigned char)buf[size * 5 / 4 + 1], 0x7E);
}

static void check_decode(const char *text, const uint8_t *want, size_t n)
{
    uint8_t buf[64];
    memset(buf, 0xA5, sizeof buf);
    TU_ASSERT(zmq_z85_decode(buf, text) == buf);
    TU_ASSERT(memcmp(buf, want, n) == 0);
    /* exactly n bytes written, no terminator */
    TU_EQ_INT(buf[n], 0xA5);
}

static void check_decode_einval(const char *text, size_t untouched_from)
{
    uint8_t buf[64];
    size_t i;
    memset(buf, 0xA5, sizeof buf);
    errno = 0;
    TU_NULL_ERR(zmq_z85_decode(buf, text), EINVAL);
    for (i = untouched_from; i < sizeof buf; i++)
        TU_ASSERT_MSG(buf[i] == 0xA5, "\"%s\": byte %zu written", text, i);
}

int main(void)
{
    char text[400];
    uint8_t bytes[320];
    uint8_t all[256];
    int i;
    TU_START();

    TU_EQ_INT(strlen(alphabet), 85);

    /* RFC 32 test vector */
    check_encode(hello, 8, "HelloWorld");
    check_decode("HelloWorld", hello, 8);

    /* extremes of a group */
    {
        const uint8_t zero[4] = {0, 0, 0, 0};
        const uint8_t ones[4] = {0xFF, 0xFF, 0xFF, 0xFF};
        check_encode(zero, 4, "00000");
        check_encode(ones, 4, "%nSc0");
        check_decode("00000", zero, 4);
        check_decode("%nSc0", ones, 4);
    }

    /* each digit value: group value v < 85 encodes as "0000" + alphabet[v] */
    for (i = 0; i < 85; i++) {
        uint8_t v[4] = {0, 0, 0, (uint8_t)i};
        char want[6] = "0000?";
        want[4] = alphabet[i];
        check_encode(v, 4, want);
        check_decode(want, v, 4);
    }

    /* encode: size must be a multiple of 4 */
    {
        size_t bad[] = {1, 2, 3, 5, 6, 7, 33};
        unsigned k;
        for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
            char buf[64];
            memset(buf, 0x7E, sizeof buf);
            errno = 0;
            TU_NULL_ERR(zmq_z85_encode(buf, all, bad[k]), EINVAL);
            TU_EQ_INT((unsigned char)buf[0], 0x7E);
        }
    }
    /* encode: empty input gives the empty string */
    {
        char buf[4] = {'x', 'x', 'x', 'x'};
        TU_ASSERT(zmq_z85_encode(buf, hello, 0) == buf);
        TU_EQ_STR(buf, "");
        TU_EQ_INT(buf[1], 'x');
    }

    /* decode: length must be a multiple of 5, and at least 5 */
    check_decode_einval("", 0);
    check_decode_einval("0", 0);
    check_decode_einval("0000", 0);
    check_decode_einval("000000", 0);
    check_decode_einval("HelloWorl", 0);
    check_decode_einval("HelloWorld0", 0);

    /* decode: characters outside the alphabet, first and later groups */
    {
        const unsigned char bad[] = {' ', '"', '\'', ',', ';', '\\', '_', '`', '|',
                                     '~', 0x7F, 0x80, 0xC3, 0xFF, 0x01, '\t', '\n'};
        unsigned k;
        for (k = 0; k < sizeof bad; k++) {
            char t[11];
            memcpy(t, "HelloWorld", 11);
            t[2] = (char)bad[k];
            check_decode_einval(t, 0);
            /* bad char in the second group: the first group is already out */
            {
                uint8_t buf[16];
                memcpy(t, "HelloWorld", 11);
                t[7] = (char)bad[k];
                memset(buf, 0xA5, sizeof buf);
                errno = 0;
                TU_NULL_ERR(zmq_z85_decode(buf, t), EINVAL);
                TU_ASSERT(memcmp(buf, hello, 4) == 0);
                TU_EQ_INT(buf[4], 0xA5);
            }
        }
    }

    /* decode: a group's value must fit in 32 bits */
    check_decode_einval("%nSc1", 0);  /* 0xFFFFFFFF + 1 */
    check_decode_einval("%nSd0", 0);
    check_decode_einval("%%%%%", 0);
    check_decode_einval("#####", 0);  /* 85^5 - 1 */
    check_decode_einval("$0000", 0);  /* 83 * 85^4 > 2^32 - 1 */
    {
        uint8_t buf[16];
        memset(buf, 0xA5, sizeof buf);
        errno = 0;
        TU_NULL_ERR(zmq_z85_decode(buf, "Hello#####"), EINVAL);
        TU_ASSERT(memcmp(buf, hello, 4) == 0);
        TU_EQ_INT(buf[4], 0xA5);
    }

    /* every byte value round-trips */
    for (i = 0; i < 256; i++)
        all[i] = (uint8_t)i;
    memset(text, 0x7E, sizeof text);
    TU_ASSERT(zmq_z85_encode(text, all, 256) == text);
    TU_EQ_INT(strlen(text), 320);
    for (i = 0; i < 320; i++)
        TU_ASSERT(strchr(alphabet, text[i]) != NULL);
    TU_EQ_INT((unsigned char)text[321], 0x7E);
    memset(bytes, 0, sizeof bytes);
    TU_ASSERT(zmq_z85_decode(bytes, text) == bytes);
    TU_ASSERT(memcmp(bytes, all, 256) == 0);

    /* a 32-byte key (the zmq_curve man page's example public key) */
    {
        const char *key = "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID";
        uint8_t bin[32];
        char again[41];
        TU_EQ_INT(strlen(key), 40);
        TU_ASSERT(zmq_z85_decode(bin, key) == bin);
        TU_ASSERT(zmq_z85_encode(again, bin, 32) == again);
        TU_EQ_STR(again, key);
    }

    printf("z85: ok\n");
    return 0;
}
