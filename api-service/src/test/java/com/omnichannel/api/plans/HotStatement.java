package com.omnichannel.api.plans;

/**
 * A statement the API runs on a hot path, written as the code builds it, with the file it comes
 * from. The code keeps most of them inline, where a test cannot reach them, so they are copied;
 * {@link #literals} are the parts of each that its source must still contain, so that a statement
 * changed in the code and not in its copy fails the test instead of checking the old one.
 */
interface HotStatement {

  /** The file under api-service/src/main/java/com/omnichannel/api that runs it. */
  String source();

  String sql();

  /** Text its source holds, compared with runs of white space taken as one space. */
  String[] literals();

  String name();
}
