package dev.iotsdk.model.provisioning

import kotlinx.serialization.Serializable

/**
 * The error payload of all three fleet provisioning `…/rejected` topics. Note the field names differ from the shadow
 * (`code`/`message`) and jobs (`code`) errors.
 */
@Serializable
public data class ProvisioningErrorResponse(
    /** The HTTP-like status code (400, 403, 404, 500…). */
    val statusCode: Int? = null,
    /** The error code, such as `InvalidCertificateOwnershipToken`. */
    val errorCode: String? = null,
    /** The service's explanation. */
    val errorMessage: String? = null,
)
