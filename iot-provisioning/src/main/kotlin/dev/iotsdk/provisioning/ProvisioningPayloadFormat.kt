package dev.iotsdk.provisioning

/**
 * The payload format of the fleet provisioning topics: `$aws/certificates/create/<format>`,
 * `$aws/certificates/create-from-csr/<format>` and `$aws/provisioning-templates/<name>/provision/<format>`; requests
 * and answers use the same field names in both.
 *
 * ```kotlin
 * val provisioning = ProvisioningClient(claim, ProvisioningClientOptions(payloadFormat = ProvisioningPayloadFormat.CBOR))
 * ```
 */
public enum class ProvisioningPayloadFormat(
    /** The topic suffix. */
    public val topicSuffix: String,
) {
    /** JSON (the default). */
    JSON("json"),

    /** CBOR (RFC 8949), via kotlinx.serialization's CBOR format: smaller messages for constrained links. */
    CBOR("cbor"),
}
