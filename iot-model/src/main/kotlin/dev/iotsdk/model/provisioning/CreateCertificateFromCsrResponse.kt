package dev.iotsdk.model.provisioning

import kotlinx.serialization.Serializable

/**
 * The accepted response of CreateCertificateFromCsr (`$aws/certificates/create-from-csr/json/accepted`): the
 * certificate AWS IoT signed for the device's CSR and the token RegisterThing needs. [toString] never shows the token.
 *
 * Stability: the wire shape AWS documents; new optional fields may be added.
 */
@Serializable
public data class CreateCertificateFromCsrResponse(
    /** The certificate id (hex SHA-256 of the DER certificate). */
    val certificateId: String,
    /** The certificate, PEM. */
    val certificatePem: String,
    /** The token proving ownership of the certificate to RegisterThing; it expires after one hour. */
    val certificateOwnershipToken: String,
) {
    override fun toString(): String =
        "CreateCertificateFromCsrResponse(certificateId=$certificateId, certificateOwnershipToken=***)"
}
