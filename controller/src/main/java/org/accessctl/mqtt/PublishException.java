package org.accessctl.mqtt;

/** A message was not handed to the broker: the link is down, or the client refused it. */
public final class PublishException extends Exception {

    PublishException(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
