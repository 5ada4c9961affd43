package dev.iotsdk.auth

import dev.iotsdk.common.IotClientException

/**
 * TLS key material could not be loaded or used: malformed PEM, no certificate, no private key, a key that does not
 * belong to the certificate, a wrong password, an unsupported key algorithm, no PKCS#11 provider. The message says
 * what is wrong and what to do; it never contains key bytes.
 */
public class TlsMaterialException(message: String, cause: Throwable? = null) : IotClientException(message, cause)
