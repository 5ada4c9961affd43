package dev.iotsdk.model.provisioning

import kotlinx.serialization.Serializable

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
