module.exports = require("./make.js")("LxcContainer");
