package dev.iotsdk.provisioning

import dev.iotsdk.common.IotSdkException

/**
 * [FleetProvisioning.provision] failed at [step]; [cause] is the underlying error (a
 * [ProvisioningRejectedException], a [dev.iotsdk.core.ConnectFailedException], an
 * [dev.iotsdk.core.OperationTimeoutException], an `IOException` from the store…). The claim identity is never
 * changed by provisioning, so the device can always start over; the message says what to do.
 */
public class FleetProvisioningException(
    /** The step that failed. */
    public val step: ProvisioningStep,
    message: String,
    cause: Throwable,
) : IotSdkException(
    message,
    cause,
    isRetryable =
    (cause as? IotSdkException)?.isRetryable ?: (cause is java.io.IOException),
)
