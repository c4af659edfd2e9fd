module.exports = { GET_ID: "2bf39935-f5c8-46b1-b41b-eda0b4bd2e78", UPDATE_ID: "c847a349-9687-4b80-8b0f-996e0e75f73e" };
