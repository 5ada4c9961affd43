package dev.iotsdk.model.provisioning

import kotlinx.serialization.Serializable

/**
 * The CreateKeysAndCertificate request, published to `$aws/certificates/create/json`. It has no fields: AWS documents
 * an empty payload, and the v2 SDKs send `{}`.
 */
@Serializable
public class CreateKeysAndCertificateRequest {
    override fun equals(other: Any?): Boolean = other is CreateKeysAndCertificateRequest

    override fun hashCode(): Int = 0

    override fun toString(): String = "CreateKeysAndCertificateRequest()"
}

/**
 * The CreateCertificateFromCsr request, published to `$aws/certificates/create-from-csr/json`. The private key stays on
 * the device: only the certificate signing request is sent.
 */
@Serializable
public data class CreateCertificateFromCsrRequest(
    /** The PKCS#10 certificate signing request, PEM (`-----BEGIN CERTIFICATE REQUEST-----`). */
    val certificateSigningRequest: String,
)

/**
 * The RegisterThing request, published to `$aws/provisioning-templates/<templateName>/provision/json`. The template
 * name is a topic level, not a field. [toString] never shows the ownership token.
 */
@Serializable
public data class RegisterThingRequest(
    /** The token from CreateKeysAndCertificate or CreateCertificateFromCsr proving ownership of the new certificate. */
    val certificateOwnershipToken: String,
    /** The template's parameters (and the pre-provisioning hook's input); omitted when `null`. */
    val parameters: Map<String, String>? = null,
) {
    override fun toString(): String = "RegisterThingRequest(certificateOwnershipToken=***, parameters=$parameters)"
}
