import { gql } from 'urql';

const FOOL_FIELDS = `
  id
  status
  model
  target
  budget
  reachedClass
  label
  startConfidence
  confidence
  curve
  iterations
  stopReason
  top5 { classIndex label score }
  constraints { constraint bound value held }
  constraintsHeld
  imageUrl
  error { code message }
`;

/** Queue a fool search (start from a noise image, raise a class). */
export const FOOL_MUTATION = gql`
  mutation Fool($input: FoolInput!) {
    fool(input: $input) { ${FOOL_FIELDS} }
  }
`;

export const FOOL_RESULT_QUERY = gql`
  query FoolResult($id: ID!) {
    foolResult(id: $id) { ${FOOL_FIELDS} }
  }
`;

export const CANCEL_FOOL_MUTATION = gql`
  mutation CancelFool($id: ID!) {
    cancelFool(id: $id) { id status }
  }
`;

/** Iterations and best confidence, live. */
export const FOOL_PROGRESS_SUBSCRIPTION = gql`
  subscription FoolProgress($id: ID!) {
    foolProgress(id: $id) { foolId status iteration budget confidence }
  }
`;
