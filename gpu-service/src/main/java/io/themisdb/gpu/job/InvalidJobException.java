package io.themisdb.gpu.job;

/** A job, vector set or delta that breaks a documented limit; the message names the field. */
public class InvalidJobException extends IllegalArgumentException {

  public InvalidJobException(String message) {
    super(message);
  }
}
