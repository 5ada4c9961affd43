package dev.iotsdk.model.provisioning

import kotlinx.serialization.Serializable

/**
 * The CreateCertificateFromCsr request, published to `$aws/certificates/create-from-csr/json`. The private key stays on
 * the device: only the certificate signing request is sent.
 */
@Serializable
public data class CreateCertificateFromCsrRequest(
    /** The PKCS#10 certificate signing request, PEM (`-----BEGIN CERTIFICATE REQUEST-----`). */
    val certificateSigningRequest: String,
)
