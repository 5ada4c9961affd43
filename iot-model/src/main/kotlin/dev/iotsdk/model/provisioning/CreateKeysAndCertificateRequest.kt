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
