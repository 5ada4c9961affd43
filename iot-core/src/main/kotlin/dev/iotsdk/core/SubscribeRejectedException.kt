package dev.iotsdk.core

import dev.iotsdk.common.IotServiceException
import dev.iotsdk.core.internal.AckReasons

/** The SUBACK refused at least one filter; [outcomes] has every filter's result. */
public class SubscribeRejectedException(
    /** Every filter's SUBACK outcome. */
    public val outcomes: List<SubscribeOutcome>,
) : IotServiceException(
    "Subscribe was rejected: " + outcomes.filter { !it.isSuccess }
        .joinToString { "'${it.filter}' ${AckReasons.describe(it.reasonName, it.reasonCode)}" } +
        ". Check the policy's iot:Subscribe",
    errorCode = "SUBACK",
    statusCode = outcomes.firstOrNull { !it.isSuccess }?.reasonCode,
)
