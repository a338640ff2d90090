/* zmq_curve_keypair / zmq_curve_public agree with zmq_has("curve"), as in
 * libzmq 4.3:
 *   - without CURVE (zmq_has("curve") == 0, e.g. a libzmq
 *     built without libsodium): both return -1 with errno ENOTSUP;
 *   - with CURVE (Debian's libzmq): keypair returns 0 and two 40-character
 *     Z85 keys (NUL-terminated, decoding to 32 bytes), a fresh pair each
 *     call; zmq_curve_public derives the same public key from the secret
 *     one, also for the RFC 26 / zmq_curve man page example key pair; a
 *     secret key that is not valid Z85 gives -1 EINVAL. */
#include "testutil.h"

static void check_z85_key(const char *key)
{
    uint8_t bin[32];
    TU_EQ_INT(strlen(key), 40);
    TU_ASSERT(zmq_z85_decode(bin, key) == bin);
}

int main(void)
{
    char pub[41], sec[41], pub2[41], sec2[41], derived[41];
    int has = zmq_has("curve");
    TU_START();

    TU_ASSERT(has == 0 || has == 1);
    printf("zmq_has(\"curve\") = %d\n", has);

    if (!has) {
        errno = 0;
        TU_ERR(zmq_curve_keypair(pub, sec), ENOTSUP);
        errno = 0;
        TU_ERR(zmq_curve_public(derived, "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6"),
               ENOTSUP);
        printf("curve keys: ENOTSUP (no CURVE): ok\n");
        return 0;
    }

    memset(pub, 0x7E, sizeof pub);
    memset(sec, 0x7E, sizeof sec);
    TU_OK(zmq_curve_keypair(pub, sec));
    check_z85_key(pub);
    check_z85_key(sec);
    TU_ASSERT(strcmp(pub, sec) != 0);

    TU_OK(zmq_curve_keypair(pub2, sec2));
    TU_ASSERT(strcmp(pub, pub2) != 0);
    TU_ASSERT(strcmp(sec, sec2) != 0);

    memset(derived, 0x7E, sizeof derived);
    TU_OK(zmq_curve_public(derived, sec));
    TU_EQ_STR(derived, pub);
    TU_OK(zmq_curve_public(derived, sec2));
    TU_EQ_STR(derived, pub2);

    /* the zmq_curve(7) example key pair */
    TU_OK(zmq_curve_public(derived, "D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs"));
    TU_EQ_STR(derived, "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID");

    errno = 0;
    TU_ERR(zmq_curve_public(derived, "not z85 at all, not 40 chars"), EINVAL);

    printf("curve keys: ok\n");
    return 0;
}
