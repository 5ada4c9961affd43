package dev.iotsdk.emulator

/**
 * The status of a device certificate, as in AWS IoT. Only [ACTIVE] certificates may connect; the TLS handshake of a
 * client presenting an [INACTIVE] or [REVOKED] certificate is refused.
 */
public enum class CertificateStatus {
    /** The certificate may be used to connect. */
    ACTIVE,

    /** The certificate is registered but disabled. */
    INACTIVE,

    /** The certificate has been revoked. */
    REVOKED,
}
